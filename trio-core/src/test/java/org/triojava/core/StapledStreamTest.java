package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.Trio;
import org.triojava.abc.HalfCloseableStream;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.stream.StapledStream;

/** {@link StapledStream} (Trio's {@code test_StapledStream} and {@code test_StapledStream_with_erroring_close}). */
class StapledStreamTest {

    /** A send stream that records its calls. */
    static class RecordSendStream implements SendStream {
        final List<String> record = new ArrayList<>();
        RuntimeException closeError;

        @Override
        public void sendAll(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            record.add("sendAll " + new String(bytes, StandardCharsets.US_ASCII));
        }

        @Override
        public void waitSendAllMightNotBlock() {
            record.add("waitSendAllMightNotBlock");
        }

        @Override
        public void close() {
            record.add("close");
            if (closeError != null) {
                throw closeError;
            }
        }
    }

    /** A half-closeable stream that records the calls to its sending side. */
    static final class RecordHalfCloseable extends RecordSendStream implements HalfCloseableStream {
        @Override
        public void sendEof() {
            record.add("sendEof");
        }

        @Override
        public byte[] receiveSome(int maxBytes) {
            throw new AssertionError("not used");
        }

        @Override
        public byte[] receiveSome() {
            throw new AssertionError("not used");
        }
    }

    /** A receive stream that records its calls. */
    static final class RecordReceiveStream implements ReceiveStream {
        final List<String> record = new ArrayList<>();
        RuntimeException closeError;

        @Override
        public byte[] receiveSome(int maxBytes) {
            record.add("receiveSome " + maxBytes);
            return new byte[] {1};
        }

        @Override
        public byte[] receiveSome() {
            record.add("receiveSome");
            return new byte[] {2};
        }

        @Override
        public void close() {
            record.add("close");
            if (closeError != null) {
                throw closeError;
            }
        }
    }

    @Test
    void forwardsEachCallToItsHalf() throws Exception {
        Trio.run(() -> {
            RecordSendStream send = new RecordSendStream();
            RecordReceiveStream receive = new RecordReceiveStream();
            StapledStream stapled = new StapledStream(send, receive);
            assertSame(send, stapled.sendStream());
            assertSame(receive, stapled.receiveStream());

            stapled.sendAll("foo".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer buffer = ByteBuffer.wrap("xbarx".getBytes(StandardCharsets.US_ASCII), 1, 3);
            stapled.sendAll(buffer);
            assertEquals(4, buffer.position());
            stapled.waitSendAllMightNotBlock();
            assertEquals(List.of("sendAll foo", "sendAll bar", "waitSendAllMightNotBlock"), send.record);
            send.record.clear();
            assertEquals(List.of(), receive.record);

            assertArrayEquals(new byte[] {1}, stapled.receiveSome(1234));
            assertArrayEquals(new byte[] {2}, stapled.receiveSome());
            assertEquals(List.of("receiveSome 1234", "receiveSome"), receive.record);
            assertEquals(List.of(), send.record);
        });
    }

    @Test
    void sendEofClosesASendHalfThatCannotHalfClose() throws Exception {
        Trio.run(() -> {
            RecordSendStream send = new RecordSendStream();
            RecordReceiveStream receive = new RecordReceiveStream();
            new StapledStream(send, receive).sendEof();
            assertEquals(List.of("close"), send.record);
            assertEquals(List.of(), receive.record);
        });
    }

    @Test
    void sendEofUsesTheSendHalfsOwnSendEof() throws Exception {
        Trio.run(() -> {
            RecordHalfCloseable send = new RecordHalfCloseable();
            RecordReceiveStream receive = new RecordReceiveStream();
            new StapledStream(send, receive).sendEof();
            assertEquals(List.of("sendEof"), send.record);
        });
    }

    @Test
    void closeClosesTheSendHalfThenTheReceiveHalf() throws Exception {
        Trio.run(() -> {
            List<String> order = new ArrayList<>();
            RecordSendStream send = new RecordSendStream() {
                @Override
                public void close() {
                    order.add("send");
                }
            };
            RecordReceiveStream receive = new RecordReceiveStream();
            new StapledStream(send, new ReceiveStream() {
                @Override
                public byte[] receiveSome(int maxBytes) {
                    return receive.receiveSome(maxBytes);
                }

                @Override
                public byte[] receiveSome() {
                    return receive.receiveSome();
                }

                @Override
                public void close() {
                    order.add("receive");
                }
            }).close();
            assertEquals(List.of("send", "receive"), order);
        });
    }

    @Test
    void aFailingSendCloseStillClosesTheReceiveHalfAndKeepsBothErrors() throws Exception {
        Trio.run(() -> {
            RecordSendStream send = new RecordSendStream();
            RecordReceiveStream receive = new RecordReceiveStream();
            IllegalStateException first = new IllegalStateException("send close");
            IllegalArgumentException second = new IllegalArgumentException("receive close");
            send.closeError = first;
            receive.closeError = second;
            StapledStream stapled = new StapledStream(send, receive);
            RuntimeException thrown = assertThrows(RuntimeException.class, stapled::close);
            assertSame(second, thrown, "as in Trio, the receive half's error comes out");
            assertArrayEquals(new Throwable[] {first}, thrown.getSuppressed());
            assertEquals(List.of("close"), send.record);
            assertEquals(List.of("close"), receive.record);
        });
    }

    @Test
    void aFailingSendCloseAloneIsRethrownAfterTheReceiveHalfCloses() throws Exception {
        Trio.run(() -> {
            RecordSendStream send = new RecordSendStream();
            RecordReceiveStream receive = new RecordReceiveStream();
            IllegalStateException first = new IllegalStateException("send close");
            send.closeError = first;
            RuntimeException thrown = assertThrows(RuntimeException.class, new StapledStream(send, receive)::close);
            assertSame(first, thrown);
            assertEquals(0, thrown.getSuppressed().length);
            assertEquals(List.of("close"), receive.record);
        });
    }

    @Test
    void aFailingReceiveCloseComesOut() throws Exception {
        Trio.run(() -> {
            RecordSendStream send = new RecordSendStream();
            RecordReceiveStream receive = new RecordReceiveStream();
            IllegalArgumentException second = new IllegalArgumentException("receive close");
            receive.closeError = second;
            assertSame(second, assertThrows(RuntimeException.class, new StapledStream(send, receive)::close));
            assertEquals(List.of("close"), send.record);
        });
    }

    @Test
    void rejectsNullHalves() {
        assertThrows(NullPointerException.class, () -> new StapledStream(null, new RecordReceiveStream()));
        assertThrows(NullPointerException.class, () -> new StapledStream(new RecordSendStream(), null));
    }
}
