package org.triojava.it.bom;

import java.util.ArrayList;
import java.util.List;
import org.triojava.Trio;

/** A program compiled against trio-api only; trio-core is a runtime dependency. */
public final class Main {
    private Main() {
    }

    /** Runs two tasks in a nursery and returns the order in which they finished. */
    public static List<String> finishingOrder() throws Exception {
        return Trio.run(Main::race);
    }

    /** Inside a run: two tasks in a nursery, the slow one sleeps 10 ms; the order in which they finished. */
    public static List<String> race() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                Trio.sleep(0.01);
                log.add("slow");
            });
            nursery.startSoon(() -> log.add("quick"));
        });
        return log;
    }

    public static void main(String[] args) throws Exception {
        System.out.println("bom-consumer: finishing order " + finishingOrder());
    }
}
