package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.autojumpClock;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.EndOfChannel;
import org.triojava.ExceptionGroup;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.abc.ReceiveChannel;
import org.triojava.channel.MemoryChannel;
import org.triojava.sync.Event;

/** M9: {@link MemoryChannel#asSafeChannel} (Trio's {@code test_as_safe_channel_*}). */
class SafeChannelTest {

    @Test
    void exhaustingTheProducerEndsIteration() throws Exception {
        Trio.run(() -> {
            List<Integer> got = MemoryChannel.<Integer, List<Integer>>asSafeChannel(out -> out.emit(1), channel -> {
                List<Integer> values = new ArrayList<>();
                for (int v : channel) {
                    values.add(v);
                }
                assertThrows(EndOfChannel.class, channel::receive, "and stays ended");
                return values;
            });
            assertEquals(List.of(1), got);
        });
    }

    @Test
    void theProducerAdvancesOnlyWhenTheConsumerAsks() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            String result = MemoryChannel.<Integer, String>asSafeChannel(out -> {
                for (int i = 0; i < 3; i++) {
                    log.add("produce " + i);
                    out.emit(i);
                    log.add("emitted " + i);
                }
                log.add("producer done");
            }, channel -> {
                log.add("body starts");
                waitAllTasksBlocked();
                log.add("body asks");
                for (int v : channel) {
                    log.add("got " + v);
                    waitAllTasksBlocked();
                }
                return "result";
            });
            assertEquals("result", result);
        });
        assertEquals(List.of("body starts", "body asks", "produce 0", "got 0", "emitted 0", "produce 1", "got 1",
                "emitted 1", "produce 2", "got 2", "emitted 2", "producer done"), log);
    }

    @Test
    void aBufferOfZeroMeansTheProducerIsNeverAskedAhead() throws Exception {
        // Trio's test_as_safe_channel_buffer_size_too_small and _no_interleave
        Trio.run(RunOptions.defaults().withClock(autojumpClock()), () -> {
            CancelScope scope = Trio.moveOnAfter(5, () -> MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                out.emit(1);
                throw new AssertionError("asked for another value");
            }, channel -> {
                for (int v : channel) {
                    assertEquals(1, v);
                    Trio.checkpoint();
                    Trio.sleepForever();
                }
                return null;
            }));
            assertTrue(scope.cancelledCaught());
            assertEquals(5.0, Trio.currentTime());
        });
    }

    @Test
    void closingTheChannelEarlyIsACleanShutdown() throws Exception {
        // Trio's test_as_safe_channel_broken_resource
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            String result = MemoryChannel.<Integer, String>asSafeChannel(out -> {
                try {
                    out.emit(1);
                    out.emit(2);
                    log.add("emitted 2?!");
                } finally {
                    log.add("producer cleaned up");
                }
            }, channel -> {
                assertEquals(1, channel.receive());
                channel.close();
                assertThrows(ClosedResourceError.class, channel::receive);
                channel.close(); // idempotent
                return "clean";
            });
            assertEquals("clean", result);
        });
        assertEquals(List.of("producer cleaned up"), log);
    }

    @Test
    void aTimedOutReceiveConsumesNothingAndLeavingIsStillClean() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(autojumpClock()), () -> {
            Event go = new Event();
            String result = MemoryChannel.<Integer, String>asSafeChannel(out -> {
                try {
                    go.await();
                    out.emit(1);
                } catch (Cancelled c) {
                    log.add("producer cancelled while waiting");
                    throw c;
                }
            }, channel -> {
                CancelScope timeout = Trio.moveOnAfter(1, channel::receive);
                assertTrue(timeout.cancelledCaught());
                return "timed out at " + Trio.currentTime();
            });
            assertEquals("timed out at 1.0", result);
        });
        assertEquals(List.of("producer cancelled while waiting"), log);
    }

    @Test
    void leavingWhileTheProducerIsBusyBetweenValuesCancelsItCleanly() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(autojumpClock()), () -> {
            int first = MemoryChannel.<Integer, Integer>asSafeChannel(out -> {
                out.emit(1);
                log.add("asked for a second value");
                try {
                    Trio.sleepForever();
                } finally {
                    log.add("producer unwound");
                }
            }, channel -> {
                int value = channel.receive();
                assertTrue(Trio.moveOnAfter(1, channel::receive).cancelledCaught());
                return value;
            });
            assertEquals(1, first);
            Trio.checkpoint(); // nothing leaked
        });
        assertEquals(List.of("asked for a second value", "producer unwound"), log);
    }

    @Test
    void closingBeforeAnyReceiveNeverRunsTheProducerBody() throws Exception {
        // Trio's test_as_safe_channel_close_before_iteration
        Trio.run(() -> MemoryChannel.<Integer, Void>asSafeChannel(out -> {
            throw new AssertionError("should be unreachable");
        }, channel -> {
            channel.close();
            assertThrows(ClosedResourceError.class, channel::receive);
            return null;
        }));
    }

    @Test
    void cancelledBeforeConsumptionTheProducerNeverRuns() throws Exception {
        // Trio's test_as_safe_channel_cancelled
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                throw new AssertionError("cancel before consumption means the producer never runs");
            }, channel -> {
                scope.cancel();
                return null;
            }));
            assertTrue(scope.cancelledCaught());
        });
    }

    @Test
    void aSingleProducerErrorPropagatesUnwrapped() {
        // Trio's test_as_safe_channel_no_race
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                out.emit(1);
                throw new IllegalArgumentException("oae");
            }, channel -> {
                for (int v : channel) {
                    assertEquals(1, v);
                }
                return null;
            });
        }));
        assertEquals("oae", e.getMessage());
    }

    @Test
    void aProducerErrorBeforeTheFirstValueAlsoComesOutAlone() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                throw new IllegalStateException("not entered");
            }, channel -> {
                for (int ignored : channel) {
                    fail("nothing was produced");
                }
                return null;
            });
        }));
        assertEquals("not entered", e.getMessage());
    }

    @Test
    void aSingleBodyErrorPropagatesUnwrapped() {
        List<String> log = new ArrayList<>();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                try {
                    while (true) {
                        out.emit(1);
                    }
                } finally {
                    log.add("producer cleaned up");
                }
            }, channel -> {
                channel.receive();
                throw new UnsupportedOperationException("body");
            });
        }));
        assertEquals("body", e.getMessage());
        assertEquals(List.of("producer cleaned up"), log);
    }

    @Test
    void aCheckedExceptionFromEitherSideComesOutAsItIs() {
        java.io.IOException fromBody = new java.io.IOException("body");
        assertSame(fromBody, assertThrows(java.io.IOException.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> out.emit(1), channel -> {
                throw fromBody;
            });
        })));
        java.io.IOException fromProducer = new java.io.IOException("producer");
        assertSame(fromProducer, assertThrows(java.io.IOException.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                throw fromProducer;
            }, channel -> {
                for (int ignored : channel) {
                    fail("nothing was produced");
                }
                return null;
            });
        })));
    }

    @Test
    void aKeyboardInterruptFromTheBodyComesOutAsItIs() {
        // Trio's raise_single_exception_from_group: a KeyboardInterrupt in the group wins outright
        org.triojava.KeyboardInterrupt interrupt = new org.triojava.KeyboardInterrupt();
        assertSame(interrupt, assertThrows(org.triojava.KeyboardInterrupt.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                out.emit(1);
                out.emit(2);
            }, channel -> {
                assertEquals(1, channel.receive());
                throw interrupt;
            });
        })));
    }

    @Test
    void errorsFromBothSidesComeOutAsAGroup() {
        // Trio's test_as_safe_channel_genexit_finally
        List<String> events = new ArrayList<>();
        Throwable thrown = assertThrows(Throwable.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                try {
                    out.emit(1);
                } catch (Cancelled c) {
                    events.add("producer cancelled");
                    throw c;
                } finally {
                    events.add("finally");
                    throw new IllegalArgumentException("agen");
                }
            }, channel -> {
                for (int v : channel) {
                    assertEquals(1, v);
                    throw new IllegalStateException("iterator");
                }
                return null;
            });
        }));
        ThrowableGroup group = assertInstanceOf(ExceptionGroup.class, thrown);
        assertEquals(Set.of("IllegalArgumentException: agen", "IllegalStateException: iterator"),
                group.exceptions().stream().map(t -> t.getClass().getSimpleName() + ": " + t.getMessage())
                        .collect(Collectors.toSet()));
        assertEquals(2, group.exceptions().size());
        assertEquals(List.of("producer cancelled", "finally"), events);
    }

    @Test
    void aUserExceptionGroupFromTheBodyIsNotUnwrapped() {
        // Trio's test_as_safe_channel_dont_unwrap_user_exceptiongroup
        ExceptionGroup users = new ExceptionGroup("foo", List.of(new IllegalArgumentException("bar")));
        Throwable thrown = assertThrows(Throwable.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                throw new UnsupportedOperationException("not entered");
            }, channel -> {
                throw users;
            });
        }));
        assertSame(users, thrown);
    }

    @Test
    void nestedSafeChannels() throws Exception {
        // Trio's test_as_safe_channel_nested_loop
        List<String> pairs = new ArrayList<>();
        Trio.run(() -> MemoryChannel.<Integer, Void>asSafeChannel(out -> {
            for (int i = 0; i < 2; i++) {
                out.emit(i);
            }
        }, outer -> {
            for (int i : outer) {
                MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                    for (int j = 0; j < 2; j++) {
                        out.emit(j);
                    }
                }, inner -> {
                    for (int j : inner) {
                        pairs.add(i + "," + j);
                    }
                    return null;
                });
            }
            return null;
        }));
        assertEquals(List.of("0,0", "0,1", "1,0", "1,1"), pairs);
    }

    @Test
    void aCancelledScopeInsideTheProducerDoesNotLeakIntoTheConsumer() throws Exception {
        // Trio's test_as_safe_channel_doesnt_leak_cancellation: the producer's own cancelled scope
        // only stops the producer; the consumer sees a clean end.
        List<Integer> got = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                out.emit(1);
                CancelScope scope = new CancelScope();
                scope.run(() -> {
                    scope.cancel();
                    out.emit(2);
                });
            }, channel -> {
                for (int v : channel) {
                    got.add(v);
                }
                return null;
            });
            Trio.checkpoint(); // not cancelled
        });
        assertEquals(List.of(1), got);
    }

    @Test
    void severalTasksCanReceiveFromTheSafeChannel() throws Exception {
        // Trio's test_as_safe_channel_multiple_receiver
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event go = new Event();
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                go.await();
                out.emit(0);
                out.emit(1);
            }, channel -> {
                Trio.openNursery(n -> {
                    for (int i = 0; i < 2; i++) {
                        int id = i;
                        n.start(status -> {
                            status.started(null);
                            log.add("receiver " + id + " got " + channel.receive());
                        });
                    }
                    go.set();
                });
                return null;
            });
        });
        assertEquals(List.of("receiver 0 got 0", "receiver 1 got 1"), log);
    }

    @Test
    void cancellingAroundTheBlockCancelsBothSides() throws Exception {
        // Trio's test_as_safe_channel_multi_cancel
        List<String> events = new ArrayList<>();
        Trio.run(() -> {
            CancelScope cs = new CancelScope();
            cs.run(() -> MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                try {
                    out.emit(1);
                } finally {
                    try {
                        Trio.checkpoint();
                    } catch (Cancelled c) {
                        events.add("producer cancel");
                        throw c;
                    }
                }
            }, channel -> {
                for (int ignored : channel) {
                    cs.cancel();
                    try {
                        Trio.checkpoint();
                    } catch (Cancelled c) {
                        events.add("body cancel");
                        throw c;
                    }
                }
                return null;
            }));
            assertTrue(cs.cancelledCaught());
        });
        assertEquals(List.of("body cancel", "producer cancel"), events);
    }

    @Test
    void closingTheChannelFromAnotherTaskBetweenIterations() throws Exception {
        // Trio's test_as_safe_channel_close_between_iteration
        Trio.run(() -> MemoryChannel.<Integer, Void>asSafeChannel(out -> {
            while (true) {
                out.emit(0);
            }
        }, channel -> {
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    Trio.checkpoint();
                    channel.close();
                });
                assertThrows(ClosedResourceError.class, () -> {
                    for (int ignored : channel) {
                        Trio.checkpoint();
                    }
                });
            });
            return null;
        }));
    }

    @Test
    void theProducerClosingTheConsumersChannel() throws Exception {
        // Trio's test_as_safe_channel_close_during_iteration
        Trio.run(() -> {
            @SuppressWarnings("unchecked")
            ReceiveChannel<Integer>[] holder = new ReceiveChannel[1];
            MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                out.emit(0);
                holder[0].close();
                while (true) {
                    out.emit(1);
                }
            }, channel -> {
                holder[0] = channel;
                assertThrows(ClosedResourceError.class, () -> {
                    for (int ignored : channel) {
                        // keep going
                    }
                });
                waitAllTasksBlocked();
                return null;
            });
        });
    }

    @Test
    void argumentsMustNotBeNull() {
        assertEquals("producer must not be null", assertThrows(NullPointerException.class,
                () -> MemoryChannel.<Integer, Void>asSafeChannel(null, channel -> null)).getMessage());
        assertEquals("body must not be null", assertThrows(NullPointerException.class,
                () -> MemoryChannel.<Integer, Void>asSafeChannel(out -> { }, null)).getMessage());
    }
}
