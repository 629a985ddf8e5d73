package dev.ebpf4j.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A little-endian cursor over a window of bytes that checks every access against the window and
 * reports failures as {@link FormatException} with the absolute offset in the original input.
 *
 * <p>Sizes read from the input must be checked with {@link #require(long, String)} (or
 * {@link #slice}) before anything is allocated for them: a hostile length can then never cause an
 * {@link OutOfMemoryError}.
 */
public final class ByteReader {
    private final ByteBuffer bytes;
    private final long base;
    private int position;

    private ByteReader(ByteBuffer bytes, long base) {
        this.bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.base = base;
    }

    /** A reader over all of {@code data}; offsets are reported relative to its start. */
    public static ByteReader of(byte[] data) {
        return new ByteReader(ByteBuffer.wrap(data), 0);
    }

    /** A reader over {@code data}, whose first byte is at {@code base} in the file. */
    public static ByteReader of(ByteBuffer data, long base) {
        return new ByteReader(data, base);
    }

    public int size() {
        return bytes.limit();
    }

    public int position() {
        return position;
    }

    /** The absolute offset in the input of the cursor. */
    public long absolutePosition() {
        return base + position;
    }

    public int remaining() {
        return bytes.limit() - position;
    }

    public ByteReader seek(long newPosition) {
        if (newPosition < 0 || newPosition > bytes.limit()) {
            throw error(newPosition, "position " + newPosition + " is outside the " + bytes.limit() + "-byte structure");
        }
        position = (int) newPosition;
        return this;
    }

    public ByteReader skip(long count) {
        require(count, "skipped bytes");
        position += (int) count;
        return this;
    }

    /** Checks that {@code count} more bytes exist; {@code what} names them in the error. */
    public void require(long count, String what) {
        if (count < 0 || count > remaining()) {
            throw error(position, what + " needs " + count + " bytes but only " + remaining() + " remain");
        }
    }

    /** A reader over {@code length} bytes at {@code offset} of this window (absolute offsets kept). */
    public ByteReader slice(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > bytes.limit() || length > bytes.limit() - offset) {
            throw error(Math.max(0, Math.min(offset, bytes.limit())),
                    what + " at offset " + offset + " with size " + length + " does not fit in " + bytes.limit() + " bytes");
        }
        return new ByteReader(bytes.slice((int) offset, (int) length), base + offset);
    }

    public int u8() {
        require(1, "a byte");
        return Byte.toUnsignedInt(bytes.get(position++));
    }

    public int u16() {
        require(2, "a 16-bit value");
        int value = Short.toUnsignedInt(bytes.getShort(position));
        position += 2;
        return value;
    }

    public int s32() {
        require(4, "a 32-bit value");
        int value = bytes.getInt(position);
        position += 4;
        return value;
    }

    public long u32() {
        return Integer.toUnsignedLong(s32());
    }

    /** A 32-bit count or size that must fit a non-negative int. */
    public int u32AsInt(String what) {
        long value = u32();
        if (value > Integer.MAX_VALUE) {
            throw error(position - 4, what + " " + value + " is too large");
        }
        return (int) value;
    }

    public long s64() {
        require(8, "a 64-bit value");
        long value = bytes.getLong(position);
        position += 8;
        return value;
    }

    public byte[] bytes(long count, String what) {
        require(count, what);
        byte[] out = new byte[(int) count];
        bytes.get(position, out);
        position += (int) count;
        return out;
    }

    /** A NUL-terminated string starting at {@code offset} of this window (UTF-8). */
    public String cString(long offset, String what) {
        if (offset < 0 || offset >= bytes.limit()) {
            throw error(Math.max(0, Math.min(offset, bytes.limit())), what + " offset " + offset + " is outside the " + bytes.limit() + "-byte string table");
        }
        int start = (int) offset;
        int end = start;
        while (end < bytes.limit() && bytes.get(end) != 0) {
            end++;
        }
        if (end == bytes.limit()) {
            throw error(start, what + " at offset " + offset + " is not NUL-terminated");
        }
        byte[] text = new byte[end - start];
        bytes.get(start, text);
        return new String(text, StandardCharsets.UTF_8);
    }

    /** A {@link FormatException} at {@code offset} within this window. */
    public FormatException error(long offset, String problem) {
        return new FormatException(base + offset, problem);
    }

    /** A {@link FormatException} at the cursor. */
    public FormatException error(String problem) {
        return error(position, problem);
    }
}
