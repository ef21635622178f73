package dev.transferguard.audit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array that lines are built in; reused from batch to batch. */
public final class LineBuffer {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] bytes;
    private int size;

    /**
     * @param capacity the initial capacity
     */
    public LineBuffer(int capacity) {
        bytes = new byte[capacity];
    }

    /** Forgets the content, keeping the capacity. */
    public void reset() {
        size = 0;
    }

    /** @return the bytes written, from 0 to {@link #size()} */
    public byte[] array() {
        return bytes;
    }

    /** @return how many bytes were written */
    public int size() {
        return size;
    }

    /**
     * Forgets everything from {@code newSize} on.
     *
     * @param newSize the size to go back to, at most {@link #size()}
     */
    public void truncate(int newSize) {
        size = newSize;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /**
     * @param b bytes to append
     */
    public void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /**
     * @param b one byte to append
     */
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    /**
     * @param n a non-negative number to append in decimal
     */
    public void writeDecimal(long n) {
        write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * @param b bytes to append as lowercase hex
     */
    public void writeHex(byte[] b) {
        ensure(2 * b.length);
        for (byte x : b) {
            bytes[size++] = HEX[(x >> 4) & 0xf];
            bytes[size++] = HEX[x & 0xf];
        }
    }
}
