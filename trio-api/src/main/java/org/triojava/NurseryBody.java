package org.triojava;

/** The body of {@link Trio#openNursery(NurseryBody)}: the code of Trio's {@code async with open_nursery() as n:} block. */
@FunctionalInterface
public interface NurseryBody {
    /** Runs the block with the open nursery. */
    void accept(Nursery nursery) throws Exception;
}
