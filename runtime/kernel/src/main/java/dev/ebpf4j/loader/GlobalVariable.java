package dev.ebpf4j.loader;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One global variable of a loaded object: a window of {@link #size()} bytes at {@link #offset()}
 * in its section's {@link Globals}. Numbers are read and written in the machine's byte order
 * (little-endian on x86-64 and aarch64), as the program sees them.
 *
 * <pre>{@code
 * GlobalVariable limit = loaded.variable("limit");
 * limit.setInt(100);
 * limit.getInt();        // 100
 * }</pre>
 */
public final class GlobalVariable {
    private final Globals section;
    private final String name;
    private final int offset;
    private final int size;
    /** The variable's bytes in the section's mapping, once asked for; null while unmapped. */
    private MemorySegment mapped;

    GlobalVariable(Globals section, String name, int offset, int size) {
        this.section = section;
        this.name = name;
        this.offset = offset;
        this.size = size;
    }

    public String name() {
        return name;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return size;
    }

    /** The section holding the variable. */
    public Globals section() {
        return section;
    }

    /** The variable's current bytes. */
    public byte[] get() {
        return section.read(offset, size);
    }

    /** Replaces the variable's bytes; {@code value} must be exactly {@link #size()} bytes. */
    public void set(byte[] value) {
        if (value.length != size) {
            throw new IllegalArgumentException("variable " + name + " is " + size + " bytes, not " + value.length);
        }
        section.write(offset, value);
    }

    public int getInt() {
        requireSize(Integer.BYTES);
        MemorySegment memory = mapped();
        if (memory != null) {
            return memory.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
        }
        return ByteBuffer.wrap(get()).order(ByteOrder.nativeOrder()).getInt();
    }

    public void setInt(int value) {
        requireSize(Integer.BYTES);
        MemorySegment memory = writableMapping();
        if (memory != null) {
            memory.set(ValueLayout.JAVA_INT_UNALIGNED, 0, value);
            return;
        }
        set(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** The variable as a 64-bit number: a plain memory read when the section is mapped, no allocation. */
    public long getLong() {
        requireSize(Long.BYTES);
        MemorySegment memory = mapped();
        if (memory != null) {
            return memory.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        }
        return ByteBuffer.wrap(get()).order(ByteOrder.nativeOrder()).getLong();
    }

    public void setLong(long value) {
        requireSize(Long.BYTES);
        MemorySegment memory = writableMapping();
        if (memory != null) {
            memory.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, value);
            return;
        }
        set(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(value).array());
    }

    /** The variable as one byte (a C {@code bool}, {@code char} or {@code signed char}). */
    public byte getByte() {
        requireSize(Byte.BYTES);
        MemorySegment memory = mapped();
        return memory != null ? memory.get(ValueLayout.JAVA_BYTE, 0) : get()[0];
    }

    public void setByte(byte value) {
        requireSize(Byte.BYTES);
        MemorySegment memory = writableMapping();
        if (memory != null) {
            memory.set(ValueLayout.JAVA_BYTE, 0, value);
            return;
        }
        set(new byte[] {value});
    }

    /** The variable as a 16-bit number. */
    public short getShort() {
        requireSize(Short.BYTES);
        MemorySegment memory = mapped();
        if (memory != null) {
            return memory.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0);
        }
        return ByteBuffer.wrap(get()).order(ByteOrder.nativeOrder()).getShort();
    }

    public void setShort(short value) {
        requireSize(Short.BYTES);
        MemorySegment memory = writableMapping();
        if (memory != null) {
            memory.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, value);
            return;
        }
        set(ByteBuffer.allocate(Short.BYTES).order(ByteOrder.nativeOrder()).putShort(value).array());
    }

    private MemorySegment mapped() {
        MemorySegment memory = mapped;
        if (memory == null && section.isMapped()) {
            memory = mapped = section.memory().orElseThrow().asSlice(offset, size);
        }
        return memory;
    }

    /** The mapping, unless the section is frozen: then the slow path says why it cannot be written. */
    private MemorySegment writableMapping() {
        return section.isFrozen() ? null : mapped();
    }

    private void requireSize(int bytes) {
        if (size != bytes) {
            throw new IllegalArgumentException("variable " + name + " is " + size + " bytes, not " + bytes);
        }
    }

    @Override
    public String toString() {
        return "GlobalVariable[" + section.name() + " " + name + " at " + offset + ", " + size + " bytes]";
    }
}
