package org.triojava.streams.jdk;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.triojava.ClosedResourceError;
import org.triojava.EndOfChannel;
import org.triojava.MemoryChannel;
import org.triojava.MemoryReceiveChannel;
import org.triojava.MemorySendChannel;
import org.triojava.Trio;
import org.triojava.abc.Stream;

/**
 * An in-memory stream pair for the TLS tests, made of two memory channels of byte chunks: a
 * buffered pair (sends never block) or a rendezvous pair (a send waits for the peer's receive).
 * One end can be told to hold back what it sends and release it later as one chunk. It also
 * counts its closes and can be told to fail its next send or receive.
 */
final class TestPipes {
    private TestPipes() {
    }

    static End[] pair(boolean rendezvous) {
        MemoryChannel<byte[]> ab = rendezvous ? MemoryChannel.open(0) : MemoryChannel.openUnbounded();
        MemoryChannel<byte[]> ba = rendezvous ? MemoryChannel.open(0) : MemoryChannel.openUnbounded();
        return new End[] {new End("a", ab.sendChannel(), ba.receiveChannel()), new End("b", ba.sendChannel(), ab.receiveChannel())};
    }

    static final class End implements Stream {
        private final String name;
        private final MemorySendChannel<byte[]> out;
        private final MemoryReceiveChannel<byte[]> in;
        private byte[] leftover = new byte[0];
        private boolean closed;
        private ByteArrayOutputStream held;
        int closes;
        long bytesSent;
        RuntimeException failNextSend;
        RuntimeException failNextReceive;

        End(String name, MemorySendChannel<byte[]> out, MemoryReceiveChannel<byte[]> in) {
            this.name = name;
            this.out = out;
            this.in = in;
        }

        /** Holds back what this end sends from now on. */
        void hold() {
            held = new ByteArrayOutputStream();
        }

        /** Sends everything held back as one chunk. */
        void release() {
            byte[] data = held.toByteArray();
            held = null;
            if (data.length > 0) {
                out.send(data);
            }
        }

        @Override
        public void sendAll(ByteBuffer data) {
            if (closed) {
                throw new ClosedResourceError("test pipe " + name + " is closed");
            }
            if (failNextSend != null) {
                RuntimeException e = failNextSend;
                failNextSend = null;
                throw e;
            }
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            bytesSent += copy.length;
            if (copy.length == 0) {
                Trio.checkpoint();
            } else if (held != null) {
                held.writeBytes(copy);
                Trio.checkpoint();
            } else {
                out.send(copy);
            }
        }

        @Override
        public void waitSendAllMightNotBlock() {
            if (closed) {
                throw new ClosedResourceError("test pipe " + name + " is closed");
            }
            Trio.checkpoint();
        }

        @Override
        public byte[] receiveSome(int maxBytes) {
            if (closed) {
                throw new ClosedResourceError("test pipe " + name + " is closed");
            }
            if (failNextReceive != null) {
                RuntimeException e = failNextReceive;
                failNextReceive = null;
                throw e;
            }
            byte[] chunk;
            if (leftover.length > 0) {
                Trio.checkpoint();
                chunk = leftover;
            } else {
                try {
                    chunk = in.receive();
                } catch (EndOfChannel end) {
                    return new byte[0];
                }
            }
            int n = Math.min(maxBytes, chunk.length);
            leftover = Arrays.copyOfRange(chunk, n, chunk.length);
            return n == chunk.length ? chunk : Arrays.copyOf(chunk, n);
        }

        @Override
        public byte[] receiveSome() {
            return receiveSome(65536);
        }

        @Override
        public void close() {
            closes++;
            closed = true;
            out.close();
            in.close();
            Trio.checkpoint();
        }

        @Override
        public String toString() {
            return "TestPipe[" + name + "]";
        }
    }
}
