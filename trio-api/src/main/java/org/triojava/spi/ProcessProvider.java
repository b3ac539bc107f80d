package org.triojava.spi;

import java.io.IOException;
import java.util.List;
import org.triojava.TaskStatus;
import org.triojava.process.CompletedProcess;
import org.triojava.process.ProcessOptions;
import org.triojava.process.TrioProcess;

/**
 * The subprocess backend behind {@link org.triojava.process.Processes} (trio-process provides it,
 * named {@code "jdk"}, on {@code ProcessBuilder}). Found by {@link java.util.ServiceLoader}; the
 * system property {@code org.triojava.process} selects one by name. The facade has checked the
 * command (not empty, no nulls) and the options' combination for the call before calling, and
 * calls from a task of a run.
 */
public interface ProcessProvider extends Provider {
    /** {@link org.triojava.process.Processes#open(List, ProcessOptions)}. */
    TrioProcess open(List<String> command, ProcessOptions options) throws IOException;

    /** {@link org.triojava.process.Processes#run(List, ProcessOptions, TaskStatus)}. */
    CompletedProcess run(List<String> command, ProcessOptions options, TaskStatus<? super TrioProcess> status)
            throws IOException;
}
