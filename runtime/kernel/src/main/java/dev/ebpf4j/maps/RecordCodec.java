package dev.ebpf4j.maps;

import dev.ebpf4j.program.maps.Size;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A record laid out as the C struct with the same members in the same order: each member at its
 * natural alignment, padding where C puts it, the size rounded up to the largest alignment.
 *
 * <p>Components may be {@code byte}, {@code boolean} (one byte, 0 or 1), {@code short}, {@code char}
 * (both two bytes), {@code int}, {@code long}, a nested record (a nested struct), or an array of one
 * of the primitives with a {@link Size} annotation giving its fixed length. Anything else is refused
 * when the codec is made, naming the record and the component.
 *
 * <pre>{@code
 * record Key(byte proto, int addr, @Size(6) byte[] mac) {}
 * Codec.of(Key.class).layout();  // [b8(proto) x3 i32(addr) [6:b8](mac) x2], 16 bytes
 * }</pre>
 *
 * @param <R> the record type
 */
public final class RecordCodec<R extends Record> implements Codec<R> {
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final Class<R> type;
    private final StructLayout layout;
    private final List<Field> fields;
    /**
     * {@code (MemorySegment, long) -> Object}: the canonical constructor with each component read
     * from memory in place, so that decoding allocates the record (and its arrays) and nothing
     * else: no argument array, no boxes (a ring buffer's typed reader decodes every event with it).
     */
    private final MethodHandle reader;
    /**
     * {@code (Object record, MemorySegment to, long offset) -> void}: the padding zeroed, then each
     * component read through its accessor and stored in place, composed once per record type so
     * that the JIT sees constant layouts and accessors: a key or value written per map call costs
     * a few stores, not a reflective call and a slow memory access per component.
     */
    private final MethodHandle writer;

    /** One component: where it lives and how to move it. */
    private record Field(String name, long offset, MemoryLayout layout, Class<?> javaType, MethodHandle accessor,
                         RecordCodec<?> nested) {}

    private RecordCodec(Class<R> type, StructLayout layout, List<Field> fields, MethodHandle constructor) {
        this.type = type;
        this.layout = layout;
        this.fields = fields;
        this.reader = reader(fields, constructor);
        this.writer = writer(type, layout, fields);
    }

    private static final MethodHandle ADD;
    private static final MethodHandle READ_ARRAY;
    private static final MethodHandle WRITE_ARRAY;
    private static final MethodHandle ZERO;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ADD = lookup.findStatic(Long.class, "sum", MethodType.methodType(long.class, long.class, long.class));
            READ_ARRAY = lookup.findStatic(RecordCodec.class, "readArray",
                    MethodType.methodType(Object.class, Field.class, SequenceLayout.class, MemorySegment.class, long.class));
            WRITE_ARRAY = lookup.findStatic(RecordCodec.class, "writeArray", MethodType.methodType(void.class,
                    Class.class, Field.class, SequenceLayout.class, Object.class, MemorySegment.class, long.class));
            ZERO = lookup.findStatic(RecordCodec.class, "zero",
                    MethodType.methodType(void.class, long.class, Object.class, MemorySegment.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The constructor fed by one reader per component, each of {@code (MemorySegment, long offset)}. */
    private static MethodHandle reader(List<Field> fields, MethodHandle constructor) {
        MethodHandle combined = constructor;
        for (int i = fields.size() - 1; i >= 0; i--) {
            combined = MethodHandles.collectArguments(combined, i, componentReader(fields.get(i)));
        }
        int[] reorder = new int[2 * fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            reorder[2 * i + 1] = 1;
        }
        MethodType once = MethodType.methodType(constructor.type().returnType(), MemorySegment.class, long.class);
        return MethodHandles.permuteArguments(combined, once, reorder)
                .asType(MethodType.methodType(Object.class, MemorySegment.class, long.class));
    }

    /** {@code (MemorySegment from, long offset) -> component}, reading at {@code offset + f.offset}. */
    private static MethodHandle componentReader(Field f) {
        MethodType wanted = MethodType.methodType(f.javaType, MemorySegment.class, long.class);
        MethodHandle read;
        if (f.nested != null) {
            read = f.nested.reader;
        } else if (f.layout instanceof SequenceLayout seq) {
            read = MethodHandles.insertArguments(READ_ARRAY, 0, f, seq);
        } else {
            read = ((ValueLayout) f.layout).varHandle().toMethodHandle(java.lang.invoke.VarHandle.AccessMode.GET);
        }
        MethodHandle at = MethodHandles.insertArguments(ADD, 1, f.offset);
        return MethodHandles.filterArguments(read.asType(wanted), 1, at);
    }

    /** The zeroing of the struct's bytes, then one writer per component, in that order. */
    private static MethodHandle writer(Class<?> type, StructLayout layout, List<Field> fields) {
        MethodHandle combined = componentWriter(type, fields.getLast());
        for (int i = fields.size() - 2; i >= 0; i--) {
            combined = MethodHandles.foldArguments(combined, componentWriter(type, fields.get(i)));  // runs first
        }
        return MethodHandles.foldArguments(combined, MethodHandles.insertArguments(ZERO, 0, layout.byteSize()));
    }

    /** {@code (Object record, MemorySegment to, long offset) -> void}, writing at {@code offset + f.offset}. */
    private static MethodHandle componentWriter(Class<?> type, Field f) {
        MethodHandle write;   // (MemorySegment, long, component) -> void
        if (f.nested != null) {
            write = MethodHandles.permuteArguments(f.nested.writer,
                    MethodType.methodType(void.class, MemorySegment.class, long.class, Object.class), 2, 0, 1);
        } else if (f.layout instanceof SequenceLayout seq) {
            write = MethodHandles.insertArguments(WRITE_ARRAY, 0, type, f, seq);
            write = MethodHandles.permuteArguments(write,
                    MethodType.methodType(void.class, MemorySegment.class, long.class, Object.class), 2, 0, 1);
        } else {
            write = ((ValueLayout) f.layout).varHandle().toMethodHandle(java.lang.invoke.VarHandle.AccessMode.SET);
        }
        MethodHandle component = f.accessor.asType(MethodType.methodType(write.type().parameterType(2), Object.class));
        write = MethodHandles.filterArguments(write, 1, MethodHandles.insertArguments(ADD, 1, f.offset));
        write = MethodHandles.filterArguments(write, 2, component);   // (MemorySegment, long, Object record)
        return MethodHandles.permuteArguments(write,
                MethodType.methodType(void.class, Object.class, MemorySegment.class, long.class), 1, 2, 0);
    }

    private static void zero(long size, Object record, MemorySegment to, long offset) {
        // padding bytes deterministic: hash maps compare keys bytewise, padding included
        to.asSlice(offset, size).fill((byte) 0);
    }

    /**
     * The codec for {@code recordType}.
     *
     * @throws IllegalArgumentException naming the record and component that has no C equivalent
     */
    public static <R extends Record> RecordCodec<R> of(Class<R> recordType) {
        if (!recordType.isRecord()) {
            throw new IllegalArgumentException(recordType.getName() + " is not a record");
        }
        RecordComponent[] components = recordType.getRecordComponents();
        if (components.length == 0) {
            throw new IllegalArgumentException("record " + recordType.getName() + " has no components; C structs cannot be empty");
        }
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        List<MemoryLayout> members = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        long offset = 0;
        long maxAlign = 1;
        try {
            lookup = MethodHandles.privateLookupIn(recordType, MethodHandles.lookup());
        } catch (IllegalAccessException e) {
            // a record in a package not open to us: public accessors still work through publicLookup
        }
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            parameterTypes[i] = component.getType();
            RecordCodec<?> nested = null;
            MemoryLayout member;
            if (component.getType().isRecord()) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                RecordCodec<?> inner = of((Class) component.getType());
                nested = inner;
                member = inner.layout;
            } else {
                member = memberLayout(recordType, component);
            }
            long align = member.byteAlignment();
            long aligned = (offset + align - 1) / align * align;
            if (aligned > offset) {
                members.add(MemoryLayout.paddingLayout(aligned - offset));
            }
            members.add(member.withName(component.getName()));
            MethodHandle accessor;
            try {
                accessor = lookup.unreflect(component.getAccessor());
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException("record " + recordType.getName() + ": cannot read component '"
                        + component.getName() + "' (" + e.getMessage() + ")", e);
            }
            fields.add(new Field(component.getName(), aligned, member, component.getType(), accessor, nested));
            offset = aligned + member.byteSize();
            maxAlign = Math.max(maxAlign, align);
        }
        long size = (offset + maxAlign - 1) / maxAlign * maxAlign;
        if (size > offset) {
            members.add(MemoryLayout.paddingLayout(size - offset));
        }
        MethodHandle constructor;
        try {
            constructor = lookup.findConstructor(recordType, MethodType.methodType(void.class, parameterTypes));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("record " + recordType.getName() + ": cannot call its canonical constructor ("
                    + e.getMessage() + ")", e);
        }
        StructLayout struct = MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)).withName(recordType.getSimpleName());
        return new RecordCodec<>(recordType, struct, List.copyOf(fields), constructor);
    }

    private static MemoryLayout memberLayout(Class<?> record, RecordComponent component) {
        Class<?> type = component.getType();
        Size size = component.getAnnotation(Size.class);
        if (type.isArray()) {
            ValueLayout element = type.getComponentType().isPrimitive() ? primitive(type.getComponentType()) : null;
            if (element == null) {
                throw unsupported(record, component, "arrays must be of byte, boolean, short, char, int or long");
            }
            if (size == null) {
                throw unsupported(record, component, "an array needs @Size(n) to give its fixed length");
            }
            if (size.value() <= 0) {
                throw unsupported(record, component, "@Size must be positive, got " + size.value());
            }
            return MemoryLayout.sequenceLayout(size.value(), element);
        }
        if (size != null) {
            throw unsupported(record, component, "@Size applies only to arrays");
        }
        ValueLayout layout = type.isPrimitive() ? primitive(type) : null;
        if (layout == null) {
            throw unsupported(record, component, "use byte, boolean, short, char, int, long, a fixed-size array or a record");
        }
        return layout;
    }

    private static ValueLayout primitive(Class<?> type) {
        if (type == byte.class) return ValueLayout.JAVA_BYTE;
        if (type == boolean.class) return ValueLayout.JAVA_BOOLEAN;
        if (type == short.class) return ValueLayout.JAVA_SHORT.withOrder(ORDER);
        if (type == char.class) return ValueLayout.JAVA_CHAR.withOrder(ORDER);
        if (type == int.class) return ValueLayout.JAVA_INT.withOrder(ORDER);
        if (type == long.class) return ValueLayout.JAVA_LONG.withOrder(ORDER);
        return null;
    }

    private static IllegalArgumentException unsupported(Class<?> record, RecordComponent component, String why) {
        return new IllegalArgumentException("record " + record.getName() + ", component '" + component.getName()
                + "' of type " + component.getType().getSimpleName() + ": no C layout (" + why + ")");
    }

    /** The record type this codec reads and writes. */
    public Class<R> type() {
        return type;
    }

    @Override
    public StructLayout layout() {
        return layout;
    }

    /** The byte offset of a component, as {@code offsetof} would give it in C. */
    public long offsetOf(String component) {
        for (Field f : fields) {
            if (f.name.equals(component)) {
                return f.offset;
            }
        }
        throw new IllegalArgumentException("record " + type.getName() + " has no component '" + component + "'");
    }

    @Override
    public void write(R value, MemorySegment to, long offset) {
        if (value == null) {   // not requireNonNull with a message supplier: that lambda would be made on every write
            throw new NullPointerException("record " + type.getName() + ": null cannot be written");
        }
        try {
            writer.invokeExact((Object) value, to, offset);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("record " + type.getName() + ": writing failed", t);
        }
    }

    private static void writeArray(Class<?> type, Field f, SequenceLayout seq, Object array, MemorySegment to, long at) {
        if (array == null) {
            throw new NullPointerException("record " + type.getName() + ", component '" + f.name + "': null array");
        }
        int length = java.lang.reflect.Array.getLength(array);
        if (length != seq.elementCount()) {
            throw new IllegalArgumentException("record " + type.getName() + ", component '" + f.name + "': array has "
                    + length + " elements, @Size says " + seq.elementCount());
        }
        if (array instanceof boolean[] flags) {
            for (int i = 0; i < flags.length; i++) {
                to.set(ValueLayout.JAVA_BOOLEAN, at + i, flags[i]);
            }
            return;
        }
        MemorySegment source = switch (array) {
            case byte[] a -> MemorySegment.ofArray(a);
            case short[] a -> MemorySegment.ofArray(a);
            case char[] a -> MemorySegment.ofArray(a);
            case int[] a -> MemorySegment.ofArray(a);
            case long[] a -> MemorySegment.ofArray(a);
            default -> throw new AssertionError(array.getClass());
        };
        ValueLayout element = (ValueLayout) seq.elementLayout();
        MemorySegment.copy(source, element.withOrder(ByteOrder.nativeOrder()).withByteAlignment(1), 0,
                to, element.withByteAlignment(1), at, length);
    }

    @Override
    public R read(MemorySegment from, long offset) {
        try {
            return type.cast((Object) reader.invokeExact(from, offset));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("record " + type.getName() + ": constructor failed", t);
        }
    }

    private static Object readArray(Field f, SequenceLayout seq, MemorySegment from, long at) {
        int n = Math.toIntExact(seq.elementCount());
        Class<?> element = f.javaType.getComponentType();
        if (element == boolean.class) {
            boolean[] out = new boolean[n];
            for (int i = 0; i < n; i++) {
                out[i] = from.get(ValueLayout.JAVA_BOOLEAN, at + i);
            }
            return out;
        }
        MemorySegment slice = from.asSlice(at, seq.byteSize());
        ValueLayout layout = (ValueLayout) seq.elementLayout();
        return switch (layout) {
            case ValueLayout.OfByte l -> slice.toArray(l);
            case ValueLayout.OfShort l -> slice.toArray(l.withByteAlignment(1));
            case ValueLayout.OfChar l -> slice.toArray(l.withByteAlignment(1));
            case ValueLayout.OfInt l -> slice.toArray(l.withByteAlignment(1));
            case ValueLayout.OfLong l -> slice.toArray(l.withByteAlignment(1));
            default -> throw new AssertionError(layout);
        };
    }

    @Override
    public String toString() {
        return "Codec.of(" + type.getSimpleName() + ")";
    }
}
