package dev.transferguard.audit.internal.merkle;

import java.util.Arrays;

/**
 * A growable, append-only array of 32-byte hashes indexed by {@code long}. Hashes are packed in pages
 * of plain byte arrays, so that a million leaves cost 32 MB and no object each, and the array can
 * outgrow the 2 GB limit of a single Java array.
 */
final class HashArray {

    private static final int HASH = Rfc6962Hasher.HASH_SIZE;
    private static final int PAGE_SHIFT = 15;
    private static final int PAGE_HASHES = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_HASHES - 1;
    // Small trees are common (tests, fresh logs): the first page starts small and doubles.
    private static final int FIRST_PAGE_HASHES = 64;

    private byte[][] pages = new byte[8][];
    private long size;

    /** @return the number of hashes stored */
    long size() {
        return size;
    }

    /**
     * Appends a hash.
     *
     * @param src holds the hash
     * @param off where it starts
     */
    void append(byte[] src, int off) {
        int page = (int) (size >>> PAGE_SHIFT);
        int slot = (int) (size & PAGE_MASK);
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        byte[] p = pages[page];
        if (p == null) {
            p = new byte[(page == 0 ? FIRST_PAGE_HASHES : PAGE_HASHES) * HASH];
            pages[page] = p;
        } else if ((slot + 1) * HASH > p.length) {
            p = Arrays.copyOf(p, Math.min(p.length * 2, PAGE_HASHES * HASH));
            pages[page] = p;
        }
        System.arraycopy(src, off, p, slot * HASH, HASH);
        size++;
    }

    /**
     * Copies out one hash.
     *
     * @param index  which hash, {@code 0 <= index < size()}
     * @param dst    receives it
     * @param dstOff where it goes
     */
    void get(long index, byte[] dst, int dstOff) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("hash index " + index + " outside 0.." + (size - 1));
        }
        System.arraycopy(pages[(int) (index >>> PAGE_SHIFT)], (int) (index & PAGE_MASK) * HASH, dst, dstOff, HASH);
    }

    /**
     * @param index which hash
     * @return a copy of the hash at {@code index}
     */
    byte[] get(long index) {
        byte[] out = new byte[HASH];
        get(index, out, 0);
        return out;
    }
}
