package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Guards native sessions against {@code close()} while runs are in flight (ONNX Runtime frees a session's memory on
 * close; a run still inside it then crashes the JVM). Runs enter and leave; {@link #close(Closer)} refuses new runs at
 * once, waits for those in flight, and only then frees the native side. A run that tries to enter after that gets
 * {@link IllegalStateException}.
 */
final class RunGate {
    /** Frees the native side; called once, with no run in flight. */
    interface Closer {
        void close() throws ModelException;
    }

    /** Leaves the gate; idempotent within one run. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String what;
    private volatile boolean closed;
    /** Whether the native side was freed; guarded by the write lock. */
    private boolean freed;

    /** @param what the guarded object in words, e.g. "this Generator (fashion-dcgan@1.0.1)" */
    RunGate(String what) {
        this.what = what;
    }

    /**
     * Enters a run; close the permit when the run has left the native session.
     *
     * @throws IllegalStateException when the object is closed or closing
     */
    Permit enter() {
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        if (closed) {
            read.unlock();
            throw new IllegalStateException(what + " is closed");
        }
        boolean[] left = {false};
        return () -> {
            if (!left[0]) {
                left[0] = true;
                read.unlock();
            }
        };
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Refuses new runs, waits for the runs in flight, then calls {@code closer} once. Idempotent.
     *
     * @throws IllegalStateException when called from inside a run of this object (it would wait for itself)
     */
    void close(Closer closer) throws ModelException {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("close() called from inside a run of " + what + "; close it after the run");
        }
        closed = true;
        lock.writeLock().lock();
        try {
            if (!freed) {
                freed = true;
                closer.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
