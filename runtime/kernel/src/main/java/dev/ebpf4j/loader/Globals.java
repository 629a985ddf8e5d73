package dev.ebpf4j.loader;

import dev.ebpf4j.maps.BpfMap;
import dev.ebpf4j.object.DataSection;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;

/**
 * The live global variables of one data section ({@code .data}, {@code .rodata}, {@code .bss}, …),
 * held by the kernel in a single-entry array map.
 *
 * <p>Where the kernel allows ({@code BPF_F_MMAPABLE} arrays, 5.5), the map's value is mapped into
 * this process: reads and writes are plain memory accesses that the program sees at once, without
 * a system call. Elsewhere each read is a map lookup and each write a lookup and an update of the
 * whole value (not atomic against a program writing the same section meanwhile). {@code .rodata} is
 * written before the programs load and then frozen: the verifier treats its values as constants,
 * and it is read-only here.
 *
 * <pre>{@code
 * Globals data = loaded.globals(".data");
 * data.variable("limit").setInt(100);                 // the program sees 100 from now on
 * long hits = loaded.variable("hits").getLong();       // found in whichever section holds it
 * }</pre>
 */
public final class Globals {
    private static final byte[] KEY = new byte[4];

    private final DataSection section;
    private final BpfMap map;
    private final MemorySegment memory;
    private final boolean frozen;
    private final List<GlobalVariable> variables;

    Globals(DataSection section, BpfMap map, MemorySegment memory, boolean frozen) {
        this.section = section;
        this.map = map;
        this.memory = memory;
        this.frozen = frozen;
        this.variables = section.variables().stream()
                .map(v -> new GlobalVariable(this, v.name(), v.offset(), v.size())).toList();
    }

    /** The section's name, such as {@code .rodata}. */
    public String name() {
        return section.name();
    }

    public DataSection.Kind kind() {
        return section.kind();
    }

    public int size() {
        return section.size();
    }

    /** The array map that holds the section (one entry, key 0). */
    public BpfMap map() {
        return map;
    }

    /** Whether reads and writes go through shared memory rather than system calls. */
    public boolean isMapped() {
        return memory != null;
    }

    /** Whether the section is frozen ({@code .rodata}): user space can only read it. */
    public boolean isFrozen() {
        return frozen;
    }

    /** The mapped value, read-only for a frozen section; empty where the kernel cannot map it. */
    public Optional<MemorySegment> memory() {
        return Optional.ofNullable(memory);
    }

    public List<GlobalVariable> variables() {
        return variables;
    }

    /** The variable called {@code name}; a {@link LoadException} naming the section's variables if there is none. */
    public GlobalVariable variable(String name) {
        return find(name).orElseThrow(() -> new LoadException("section " + name() + " has no variable " + name
                + " (it has " + variables.stream().map(GlobalVariable::name).toList() + ")"));
    }

    Optional<GlobalVariable> find(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** The whole section's current bytes. */
    public byte[] read() {
        return read(0, section.size());
    }

    /** {@code length} bytes from {@code offset}. */
    public byte[] read(int offset, int length) {
        checkRange(offset, length);
        if (memory != null) {
            return memory.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        }
        byte[] value = map.lookup(KEY).orElseThrow(() -> new IllegalStateException("the map of " + name() + " has no entry 0"));
        return java.util.Arrays.copyOfRange(value, offset, offset + length);
    }

    /**
     * Writes {@code bytes} at {@code offset}.
     *
     * @throws IllegalStateException if the section is frozen
     */
    public void write(int offset, byte[] bytes) {
        if (frozen) {
            throw new IllegalStateException("section " + name() + " is frozen: it was written before the programs loaded and is"
                    + " read-only now; give its initial values with LoadOptions.withGlobal");
        }
        checkRange(offset, bytes.length);
        if (memory != null) {
            MemorySegment.copy(bytes, 0, memory, ValueLayout.JAVA_BYTE, offset, bytes.length);
            return;
        }
        byte[] value = read();
        System.arraycopy(bytes, 0, value, offset, bytes.length);
        map.update(KEY, value);
    }

    private void checkRange(int offset, int length) {
        if (offset < 0 || length < 0 || (long) offset + length > section.size()) {
            throw new IndexOutOfBoundsException("section " + name() + " has " + section.size() + " bytes; "
                    + length + " at " + offset + " do not fit");
        }
    }

    @Override
    public String toString() {
        return "Globals[" + name() + ", " + size() + " bytes, " + (isMapped() ? "mapped" : "by system call")
                + (frozen ? ", frozen" : "") + ", " + variables.size() + " variables]";
    }
}
