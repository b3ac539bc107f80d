package org.triojava.file;

import java.io.IOException;
import org.triojava.TrioCallable;
import org.triojava.internal.Checks;
import org.triojava.thread.ToThread;

/** Blocking file work in a worker thread, with its checked exceptions passed on as they are. */
final class FileWork {
    private FileWork() {
    }

    /** Runs {@code work} through {@code ToThread.runSync} (a checkpoint); its IOException comes out unchanged. */
    static <T> T inThread(TrioCallable<T> work) throws IOException {
        try {
            return ToThread.runSync(work);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception other) {
            throw Checks.<RuntimeException>sneaky(other);
        }
    }
}
