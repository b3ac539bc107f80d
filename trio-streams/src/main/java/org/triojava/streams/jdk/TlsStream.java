package org.triojava.streams.jdk;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.abc.Stream;
import org.triojava.lowlevel.ConflictDetector;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.stream.AsyncResources;
import org.triojava.stream.NeedHandshakeError;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.stream.Unwrapped;
import org.triojava.sync.Event;
import org.triojava.sync.Lock;
import org.triojava.sync.StrictFifoLock;
import org.triojava.thread.ToThread;

/**
 * TLS over any {@link Stream} on a JDK {@link SSLEngine} (Trio's {@code SSLStream}).
 *
 * <p>The engine is used like Trio uses OpenSSL's memory BIOs: every operation (handshake, read,
 * write, shutdown) is a non-blocking step on the engine that leaves ciphertext to send in
 * {@link #netOut} and takes ciphertext from {@link #netIn}; {@link #retry} repeats a step, doing
 * exactly one blocking transport call (send what the step produced, or else receive more) between
 * two steps, until the step is done. Tasks of one run switch only at checkpoints, so a step is
 * never interleaved with another task's. Two inner locks keep the transport's own rules when a
 * receive must send (a TLS 1.3 key update, a TLS 1.2 renegotiation) while another task sends:
 * a strict FIFO send lock keeps the ciphertext in the order the engine produced it, and the
 * receive lock plus a counter make a task that waited for another's receive retry its step
 * instead of receiving again. The outer "conflict detectors" give the stream contract's
 * {@link BusyResourceError}.
 *
 * <p>Renegotiation is handled as the JDK does (TLS 1.3 has none; a TLS 1.2 peer's secure
 * renegotiation runs inside whichever send or receive meets it). The engine's delegated tasks
 * (most of a handshake's CPU) run in a worker thread through {@link ToThread}, as one of the
 * loop's blocking things, so a handshake does not stall the run's other connections.
 */
final class TlsStream implements SslStream {
    /** Trio's STARTING_RECEIVE_SIZE: the first guess of how much a default receive returns. */
    private static final int STARTING_RECEIVE_SIZE = 16384;
    /** At most this much plaintext is encrypted before its ciphertext is sent. */
    private static final int WRITE_CHUNK = 128 * 1024;
    private static final byte[] EMPTY = new byte[0];
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    /** What a step returns when it cannot go on before more ciphertext arrives. */
    private static final Object WANT_READ = new Object();
    /** What a step returns when it made progress and must be called again after sending. */
    private static final Object AGAIN = new Object();
    /** What a step returns when it is done and has no value. */
    private static final Object DONE = new Object();
    /** What a step returns when the engine has delegated tasks to run before it can go on. */
    private static final Object NEED_TASK = new Object();

    private enum State { OK, BROKEN, CLOSED }

    /** One non-blocking engine operation; see {@link #retry}. */
    @FunctionalInterface
    private interface Step {
        Object run() throws SSLException;
    }

    private Stream transport;
    private final SslOptions options;
    private final SSLEngine engine;
    private final boolean serverSide;
    private final boolean httpsCompatible;
    private State state = State.OK;

    /** Ciphertext received and not yet given to the engine (read mode). */
    private ByteBuffer netIn = ByteBuffer.allocate(0);
    private boolean netInEof;
    /** Ciphertext the engine produced and nobody has taken to send yet (write mode). */
    private ByteBuffer netOut;
    /** Plaintext the engine decrypted and no receive has returned yet (write mode). */
    private ByteBuffer appIn;
    /** A sent {@link #netOut} kept for reuse (the next one to fill while others are on the wire). */
    private ByteBuffer spareOut;
    /** The TLS 1.3 server's session tickets, held back until its first send (see {@link #retry}). */
    private ByteBuffer delayedOutgoing;

    private boolean handshakeBegun;
    private boolean handshakeStarted;
    private boolean handshakeDone;
    private final Event handshakeFinished = new Event();
    private boolean outboundClosed;
    /** An httpsCompatible receive met the transport's end without close_notify: the stream's end. */
    private boolean httpsEof;

    private final StrictFifoLock innerSendLock = new StrictFifoLock();
    private final Lock innerReceiveLock = new Lock();
    private long innerReceiveCount;
    private final ConflictDetector sendConflict =
            new ConflictDetector("another task is currently sending data on this SslStream");
    private final ConflictDetector receiveConflict =
            new ConflictDetector("another task is currently receiving data on this SslStream");
    private int estimatedReceiveSize = STARTING_RECEIVE_SIZE;
    /** Set while a task runs the engine's delegated tasks in a worker thread; others wait for it. */
    private Event delegatedTasksDone;

    TlsStream(Stream transport, SslOptions options) {
        this.transport = transport;
        this.options = options;
        this.engine = TlsEngines.create(options);
        this.serverSide = options.serverSide();
        this.httpsCompatible = options.httpsCompatible();
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    // ---- the public surface ----

    @Override
    public void doHandshake() {
        checkStatus();
        ensureHandshake(true);
    }

    @Override
    public byte[] receiveSome() {
        return receive(0);
    }

    @Override
    public byte[] receiveSome(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, not " + maxBytes);
        }
        return receive(maxBytes);
    }

    private byte[] receive(int maxBytes) {
        receiveConflict.enter();
        try {
            if (httpsEof && state == State.BROKEN) {
                Trio.checkpoint();
                return EMPTY; // the end stays the end
            }
            checkStatus();
            try {
                ensureHandshake(false);
                int max = maxBytes > 0 ? maxBytes : Math.max(estimatedReceiveSize, appIn.position());
                return (byte[]) retry(() -> readStep(max), false, false);
            } catch (BrokenResourceError e) {
                if (httpsCompatible && e.getCause() instanceof TlsEofException) {
                    // An HTTPS peer may just hang up (also before or during the handshake): a plain
                    // end of stream. As in Trio the stream is broken now (sending fails), but
                    // every later receive gives the end again.
                    httpsEof = true;
                    Trio.checkpoint();
                    return EMPTY;
                }
                throw e;
            }
        } finally {
            receiveConflict.exit();
        }
    }

    @Override
    public void sendAll(ByteBuffer data) {
        if (data == null) {
            throw new NullPointerException("data must not be null");
        }
        sendConflict.enter();
        try {
            checkStatus();
            ensureHandshake(false);
            if (!data.hasRemaining()) {
                // (Unlike OpenSSL's, the engine gives no meaning to an empty write; still, nothing to do.)
                Trio.checkpoint();
                return;
            }
            retry(() -> writeStep(data), false, false);
        } finally {
            sendConflict.exit();
        }
    }

    @Override
    public void sendAll(byte[] data) {
        if (data == null) {
            throw new NullPointerException("data must not be null");
        }
        sendAll(ByteBuffer.wrap(data));
    }

    @Override
    public void waitSendAllMightNotBlock() {
        sendConflict.enter();
        try {
            checkStatus();
            // The inner lock, because a receive may be sending on the transport right now (a
            // key update reply): that is our own affair, not the caller's conflict.
            innerSendLock.acquire();
            try {
                transport.waitSendAllMightNotBlock();
            } finally {
                innerSendLock.release();
            }
        } finally {
            sendConflict.exit();
        }
    }

    @Override
    public Unwrapped unwrap() {
        receiveConflict.enter();
        try {
            sendConflict.enter();
            try {
                checkStatus();
                ensureHandshake(false);
                retry(() -> shutdownStep(true), false, false);
                Stream result = transport;
                transport = null;
                state = State.CLOSED;
                byte[] leftover = new byte[netIn.remaining()];
                netIn.get(leftover);
                appIn.clear();
                return new Unwrapped(result, leftover);
            } finally {
                sendConflict.exit();
            }
        } finally {
            receiveConflict.exit();
        }
    }

    @Override
    public void close() {
        if (state == State.OK && !httpsCompatible && handshakeStarted && !handshakeDone) {
            // Another task's handshake is under way, and close_notify has to wait for it. If it
            // fails, that task reports the failure; this close then just closes, as it does any
            // broken stream (and does nothing more if the stream was closed meanwhile).
            try {
                handshakeFinished.await();
            } catch (Throwable cancelled) {
                abortClose(cancelled);
                throw cancelled;
            }
        }
        if (state == State.CLOSED) {
            Trio.checkpoint();
            return;
        }
        if (state == State.BROKEN || httpsCompatible) {
            state = State.CLOSED;
            transport.close();
            return;
        }
        try {
            // close_notify is cryptographic: it needs the handshake first.
            ensureHandshake(false);
            // Send close_notify but do not wait for the peer's: a peer that only sends would keep
            // us waiting forever, and the specs allow closing right after sending it. A peer that
            // closed first (Broken) or a task still blocked in a send (Busy) just means no clean
            // close_notify; the transport is closed all the same.
            try {
                retry(() -> shutdownStep(false), true, false);
            } catch (BrokenResourceError | BusyResourceError e) {
                // see above
            }
        } catch (Throwable failure) {
            if (state == State.CLOSED && failure instanceof ClosedResourceError) {
                return; // another task closed the stream meanwhile (forcefully): closed it is
            }
            abortClose(failure);
            throw failure;
        }
        if (state != State.CLOSED) {
            state = State.CLOSED;
            transport.close();
        }
    }

    /** A close that failed or was cancelled: closes the transport at once (unless that was done already). */
    private void abortClose(Throwable failure) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            AsyncResources.closeForcefully(transport);
        } catch (Throwable second) {
            failure.addSuppressed(second);
        }
    }

    @Override
    public SslOptions options() {
        return options;
    }

    @Override
    public Stream transportStream() {
        return transport;
    }

    @Override
    public String protocol() {
        requireHandshake("protocol()");
        return engine.getSession().getProtocol();
    }

    @Override
    public String cipherSuite() {
        requireHandshake("cipherSuite()");
        return engine.getSession().getCipherSuite();
    }

    @Override
    public String applicationProtocol() {
        requireHandshake("applicationProtocol()");
        String protocol = engine.getApplicationProtocol();
        return protocol == null || protocol.isEmpty() ? null : protocol;
    }

    @Override
    public Certificate[] peerCertificates() {
        requireHandshake("peerCertificates()");
        try {
            return engine.getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return new Certificate[0];
        }
    }

    @Override
    public String toString() {
        return "SslStream[" + (serverSide ? "server" : "client") + ", " + state.name().toLowerCase()
                + (handshakeDone ? ", " + engine.getSession().getProtocol() : "") + ", over " + transport + "]";
    }

    // ---- state, conflicts and the handshake ----

    private void requireHandshake(String what) {
        if (!handshakeDone) {
            throw new NeedHandshakeError("call doHandshake() before calling " + what);
        }
    }

    private void checkStatus() {
        switch (state) {
            case OK -> {
            }
            case BROKEN -> throw new BrokenResourceError(
                    "this SslStream is broken: an earlier operation failed or was cancelled part-way");
            case CLOSED -> throw new ClosedResourceError("this SslStream was closed");
        }
    }

    private void setBroken() {
        if (state == State.OK) {
            state = State.BROKEN;
        }
    }

    /**
     * Runs the initial handshake once (Trio's {@code _Once}): the first caller runs it, later
     * callers wait for it; once done, returns at once unless {@code checkpoint} asks for one.
     */
    private void ensureHandshake(boolean checkpoint) {
        if (!handshakeStarted) {
            handshakeStarted = true;
            try {
                retry(this::handshakeStep, false, true);
                handshakeDone = true;
            } catch (Throwable t) {
                setBroken();
                throw t;
            } finally {
                handshakeFinished.set();
            }
        } else if (!checkpoint && handshakeDone) {
            return;
        } else {
            handshakeFinished.await();
            checkStatus();
        }
    }

    // ---- the retry loop (Trio's _retry) ----

    /**
     * Runs {@code step} until it is done. Between two steps it does exactly one blocking thing:
     * send what the engine produced if anything (sending first keeps the ciphertext in order),
     * else receive more ciphertext — unless another task received while this one waited for the
     * receive lock, in which case the step is simply retried. A checkpoint in every case.
     *
     * @param ignoreWantRead stop after the first step even if it wants to read (close's close_notify)
     * @param isHandshake the initial handshake (see the TLS 1.3 session ticket note inside)
     */
    private Object retry(Step step, boolean ignoreWantRead, boolean isHandshake) {
        Lowlevel.checkpointIfCancelled();
        boolean yielded = false;
        boolean finished = false;
        Object result = null;
        while (!finished) {
            boolean wantRead = false;
            boolean needTask = false;
            try {
                Object r = step.run();
                if (r == WANT_READ) {
                    wantRead = true;
                } else if (r == NEED_TASK) {
                    needTask = true;
                } else if (r != AGAIN) {
                    finished = true;
                    result = r;
                }
            } catch (SSLException e) {
                setBroken();
                BrokenResourceError broken = new BrokenResourceError(
                        (handshakeDone ? "TLS failed: " : "TLS handshake failed: ") + e.getMessage(), e);
                if (!(e instanceof TlsEofException)) {
                    sendAlert(broken);
                }
                throw broken;
            }
            if (ignoreWantRead) {
                wantRead = false;
                needTask = false;
                finished = true;
            }
            ByteBuffer toSend = takeOutgoing();
            // The JDK's TLS 1.3 server sends its session tickets right after the handshake, when
            // the client may not be reading (a lockstep transport would then hang both). Like
            // Trio, hold them back until the server's first send of anything.
            if (isHandshake && finished && serverSide && toSend != null
                    && "TLSv1.3".equals(engine.getSession().getProtocol())) {
                delayedOutgoing = toSend;
                toSend = null;
            }
            if (toSend != null) {
                yielded = true;
                try {
                    acquire(innerSendLock);
                    try {
                        if (delayedOutgoing != null) {
                            toSend = concat(delayedOutgoing, toSend);
                            delayedOutgoing = null;
                        }
                        transport.sendAll(toSend);
                        spareOut = toSend;
                    } finally {
                        innerSendLock.release();
                    }
                } catch (Throwable t) {
                    // Some unknown part of the ciphertext went out: this session is lost.
                    setBroken();
                    throw t;
                }
            } else if (needTask) {
                yielded = true;
                try {
                    runDelegatedTasks();
                } catch (RuntimeException | Error e) {
                    setBroken();
                    throw e;
                } catch (Exception e) {
                    setBroken();
                    throw new BrokenResourceError("TLS handshake task failed: " + e, e);
                }
            } else if (wantRead) {
                long seen = innerReceiveCount;
                yielded = true;
                acquire(innerReceiveLock);
                try {
                    if (seen == innerReceiveCount) {
                        byte[] data = transport.receiveSome();
                        if (data.length == 0) {
                            netInEof = true;
                        } else {
                            estimatedReceiveSize = Math.max(estimatedReceiveSize, data.length);
                            appendIncoming(data);
                        }
                        innerReceiveCount++;
                    }
                } finally {
                    innerReceiveLock.release();
                }
            }
        }
        if (!yielded) {
            Lowlevel.cancelShieldedCheckpoint();
        }
        return result;
    }

    /**
     * After the engine failed, best effort to tell the peer why (the engine leaves a fatal alert
     * to wrap): only if no other task is sending; transport errors are attached to {@code broken}.
     */
    private void sendAlert(BrokenResourceError broken) {
        try {
            while (!engine.isOutboundDone()) {
                SSLEngineResult r = wrap(NOTHING);
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException e) {
            // nothing more to say to the peer
        }
        ByteBuffer alert = takeOutgoing();
        if (alert == null || transport == null) {
            return;
        }
        try {
            innerSendLock.acquireNowait();
        } catch (WouldBlock busy) {
            return;
        }
        try {
            transport.sendAll(alert);
        } catch (BrokenResourceError | ClosedResourceError e) {
            broken.addSuppressed(e);
        } finally {
            innerSendLock.release();
        }
    }

    // ---- the steps (the engine's non-blocking operations) ----

    private Object handshakeStep() throws SSLException {
        if (!handshakeBegun) {
            handshakeBegun = true;
            engine.beginHandshake();
        }
        return pump();
    }

    /**
     * Plaintext: what was decrypted already, else as many records as {@link #netIn} holds (up to
     * {@code max} bytes), else WANT_READ; empty at the peer's close_notify. The transport's end
     * without close_notify is a {@link TlsEofException}.
     */
    private Object readStep(int max) throws SSLException {
        if (appIn.position() > 0) {
            return takeApp(max);
        }
        if (engine.isInboundDone()) {
            return EMPTY;
        }
        try {
            while (true) {
                if (isHandshaking()) {
                    // a renegotiation, or a post-handshake message that wants an answer
                    Object done = pump();
                    if (appIn.position() > 0) {
                        return takeApp(max);
                    }
                    if (done != DONE) {
                        return done;
                    }
                }
                Object r = unwrapOnce();
                if (appIn.position() >= max || (appIn.position() > 0 && r != AGAIN)) {
                    return takeApp(max);
                }
                if (r != AGAIN) {
                    return r == DONE ? EMPTY : WANT_READ; // DONE: the peer's close_notify
                }
            }
        } catch (TlsEofException eof) {
            if (appIn.position() > 0) {
                return takeApp(max); // the end (or the error) comes at the next receive
            }
            throw eof; // (an httpsCompatible receive takes it for the end: see receive)
        }
    }

    /** Encrypts up to {@link #WRITE_CHUNK} bytes of {@code data}; AGAIN until all of it is done. */
    private Object writeStep(ByteBuffer data) throws SSLException {
        int chunkEnd = data.position() + Math.min(data.remaining(), WRITE_CHUNK);
        int limit = data.limit();
        data.limit(chunkEnd);
        try {
            while (data.hasRemaining()) {
                if (isHandshaking()) {
                    Object done = pump();
                    if (done != DONE) {
                        return done;
                    }
                }
                SSLEngineResult r = wrap(data);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException(outboundClosed
                            ? "this end already sent its close_notify (unwrap() began); nothing more can be sent"
                            : "the peer ended the TLS session (close_notify); nothing more can be sent");
                }
            }
        } finally {
            data.limit(limit);
        }
        return data.hasRemaining() ? AGAIN : DONE;
    }

    /**
     * Sends close_notify (Trio's {@code SSLObject.unwrap}, i.e. {@code SSL_shutdown}); with
     * {@code waitForPeer}, then reads until the peer's close_notify, dropping any plaintext that
     * comes before it.
     */
    private Object shutdownStep(boolean waitForPeer) throws SSLException {
        if (!outboundClosed) {
            outboundClosed = true;
            engine.closeOutbound();
        }
        while (!engine.isOutboundDone()) {
            SSLEngineResult r = wrap(NOTHING);
            if (r.bytesProduced() == 0 && r.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                break;
            }
        }
        if (!waitForPeer) {
            return DONE;
        }
        while (!engine.isInboundDone()) {
            appIn.clear();
            Object r = unwrapOnce();
            if (r == WANT_READ) {
                return WANT_READ;
            }
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                return NEED_TASK;
            }
        }
        appIn.clear();
        return DONE;
    }

    // ---- engine plumbing ----

    private boolean isHandshaking() {
        HandshakeStatus hs = engine.getHandshakeStatus();
        return hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED;
    }

    /**
     * Drives a handshake as far as it goes: DONE when it is over, WANT_READ if it needs input,
     * NEED_TASK if the engine has delegated tasks to run first.
     */
    private Object pump() throws SSLException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    return NEED_TASK;
                }
                case NEED_WRAP -> {
                    SSLEngineResult r = wrap(NOTHING);
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                        throw new SSLException("the TLS session was closed during a handshake");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    Object r = unwrapOnce();
                    if (r == WANT_READ) {
                        return WANT_READ;
                    }
                    if (r == DONE && isHandshaking()) {
                        throw new SSLException("the peer ended the TLS session (close_notify) during a handshake");
                    }
                }
                default -> {
                    return DONE;
                }
            }
        }
    }

    /**
     * Runs the engine's delegated tasks (certificate checks, key agreement, signatures: most of
     * a handshake's CPU time with the JDK's providers) in a worker thread, so that the run's other
     * tasks go on meanwhile; a task that finds them already running waits for them instead. Not
     * abandoned on cancellation: they take milliseconds, and the engine needs their result.
     */
    private void runDelegatedTasks() throws Exception {
        if (delegatedTasksDone != null) {
            delegatedTasksDone.await();
            return;
        }
        List<Runnable> tasks = new ArrayList<>();
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            tasks.add(task);
        }
        if (tasks.isEmpty()) {
            Trio.checkpoint();
            return;
        }
        Event done = new Event();
        delegatedTasksDone = done;
        try {
            ToThread.runSync(() -> tasks.forEach(Runnable::run));
        } finally {
            delegatedTasksDone = null;
            done.set();
        }
    }

    /** Wraps {@code src} into {@link #netOut}, growing it as needed. */
    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        while (true) {
            int room = engine.getSession().getPacketBufferSize();
            if (netOut.remaining() < room) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, netOut.position() + room));
                netOut.flip();
                bigger.put(netOut);
                netOut = bigger;
            }
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                return r;
            }
            ByteBuffer bigger = ByteBuffer.allocate(netOut.capacity() * 2);
            netOut.flip();
            bigger.put(netOut);
            netOut = bigger;
        }
    }

    /**
     * Unwraps one record of {@link #netIn} into {@link #appIn}: WANT_READ if no whole record is
     * there (an exception if the transport ended: truncation), DONE at close_notify, else AGAIN.
     */
    private Object unwrapOnce() throws SSLException {
        while (true) {
            int room = engine.getSession().getApplicationBufferSize();
            if (appIn.remaining() < room) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(appIn.capacity() * 2, appIn.position() + room));
                appIn.flip();
                bigger.put(appIn);
                appIn = bigger;
            }
            SSLEngineResult r = engine.unwrap(netIn, appIn);
            switch (r.getStatus()) {
                case OK -> {
                    return AGAIN;
                }
                case CLOSED -> {
                    return DONE;
                }
                case BUFFER_UNDERFLOW -> {
                    if (netInEof) {
                        throw new TlsEofException(handshakeDone
                                ? "the peer closed the transport without a TLS close_notify (truncation)"
                                : "the peer closed the transport during the TLS handshake");
                    }
                    return WANT_READ;
                }
                case BUFFER_OVERFLOW -> {
                    ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2);
                    appIn.flip();
                    bigger.put(appIn);
                    appIn = bigger;
                }
            }
        }
    }

    private byte[] takeApp(int max) {
        appIn.flip();
        byte[] out = new byte[Math.min(max, appIn.remaining())];
        appIn.get(out);
        appIn.compact();
        return out;
    }

    /**
     * Hands over the ciphertext produced so far (the buffer itself, flipped: no copy) and gives
     * the engine the spare buffer, or a fresh one, to write into next.
     */
    private ByteBuffer takeOutgoing() {
        if (netOut.position() == 0) {
            return null;
        }
        ByteBuffer out = netOut.flip();
        ByteBuffer next = spareOut;
        spareOut = null;
        netOut = next != null && next.capacity() >= out.capacity() ? next.clear() : ByteBuffer.allocate(out.capacity());
        return out;
    }

    /**
     * Takes an inner lock, without a schedule point when it is free (the transport call that
     * follows is the checkpoint); else waits in FIFO order like {@code acquire()}.
     */
    private static void acquire(StrictFifoLock lock) {
        if (lock.locked() || lock.statistics().tasksWaiting() > 0) {
            lock.acquire();
        } else {
            lock.acquireNowait();
        }
    }

    private static void acquire(Lock lock) {
        if (lock.locked() || lock.statistics().tasksWaiting() > 0) {
            lock.acquire();
        } else {
            lock.acquireNowait();
        }
    }

    private void appendIncoming(byte[] data) {
        if (netIn.capacity() - netIn.remaining() >= data.length) {
            netIn.compact();
        } else {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, netIn.remaining() + data.length));
            bigger.put(netIn);
            netIn = bigger;
        }
        netIn.put(data);
        netIn.flip();
    }

    private static ByteBuffer concat(ByteBuffer a, ByteBuffer b) {
        return ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();
    }

    /**
     * The transport ended where TLS expected more: truncation without close_notify, or an EOF in
     * the handshake. A clean end of stream for an httpsCompatible stream (Trio's SSLEOFError).
     */
    static final class TlsEofException extends SSLException {
        private static final long serialVersionUID = 1L;

        TlsEofException(String message) {
            super(message);
        }
    }
}
