package org.vistruct.core;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pipe of bytes from a live receiver to a decoder. The writer offers whole frames and
 * never blocks: a frame that does not fit is refused (live video drops, it does not wait). The
 * reader is an InputStream that blocks until bytes arrive, the pipe is closed, or the read timeout
 * passes (then it reports the end of the stream).
 */
public final class StreamPipe extends InputStream {
    private final long capacity;
    private final long readTimeoutMs;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private int headOffset;
    private long size, written, refused;
    private boolean closed;

    public StreamPipe(long capacityBytes, long readTimeoutMs) {
        this.capacity = capacityBytes;
        this.readTimeoutMs = readTimeoutMs;
    }

    /** Adds a frame; returns false (and keeps nothing) when it does not fit or the pipe is closed. */
    public boolean offer(byte[] b, int off, int len) {
        lock.lock();
        try {
            if (closed || size + len > capacity) {
                refused++;
                return false;
            }
            chunks.add(java.util.Arrays.copyOfRange(b, off, off + len));
            size += len;
            written += len;
            readable.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) return 0;
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readTimeoutMs);
            while (chunks.isEmpty()) {
                if (closed) return -1;
                long left = deadline - System.nanoTime();
                if (left <= 0) return -1; // nothing for too long: the stream is over for the decoder
                readable.awaitNanos(left);
            }
            int n = 0;
            while (n < len && !chunks.isEmpty()) {
                byte[] head = chunks.peek();
                int take = Math.min(len - n, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off + n, take);
                n += take;
                headOffset += take;
                if (headOffset == head.length) {
                    chunks.poll();
                    headOffset = 0;
                }
            }
            size -= n;
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public long refused() {
        lock.lock();
        try {
            return refused;
        } finally {
            lock.unlock();
        }
    }

    public long written() {
        lock.lock();
        try {
            return written;
        } finally {
            lock.unlock();
        }
    }
}
