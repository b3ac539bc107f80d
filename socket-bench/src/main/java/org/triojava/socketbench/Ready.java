package org.triojava.socketbench;

/** The line every server prints once it listens, which the load generator waits for. */
final class Ready {
    private Ready() {
    }

    static void announce(int port) {
        System.out.println("READY " + port);
        System.out.flush();
    }
}
