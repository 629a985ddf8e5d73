package dev.ebpf4j.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A record used as a map key, map value or event, laid out as C lays out a struct of its fields:
 * each at its natural alignment, the size rounded up to the largest alignment. Padding is always
 * zero in memory, so keys compare as the kernel compares them (byte for byte).
 *
 * @param name     the C name of the struct (a mangled Java name)
 * @param javaName the record's binary name
 * @param fields   in declaration order, with their offsets
 * @param size     the C size in bytes
 */
public record StructType(String name, String javaName, List<StructField> fields, int size) implements IrType, ValueType {
    public StructType {
        fields = List.copyOf(fields);
    }

    /** Lays out {@code components} (name and type, in order) as C does. */
    public static StructType layout(String name, String javaName, List<Component> components) {
        List<StructField> fields = new ArrayList<>();
        int offset = 0;
        int alignment = 1;
        for (Component component : components) {
            int a = component.type().alignment();
            offset = (offset + a - 1) / a * a;
            fields.add(new StructField(component.name(), component.type(), offset));
            offset += component.type().size();
            alignment = Math.max(alignment, a);
        }
        int size = (offset + alignment - 1) / alignment * alignment;
        return new StructType(name, javaName, fields, size);
    }

    @Override
    public int alignment() {
        int alignment = 1;
        for (StructField field : fields) alignment = Math.max(alignment, field.type().alignment());
        return alignment;
    }

    /** The field called {@code name}. */
    public StructField field(String name) {
        for (StructField field : fields) {
            if (field.name().equals(name)) return field;
        }
        throw new IllegalArgumentException(javaName + " has no field " + name);
    }

    /** A record component before layout. */
    public record Component(String name, FieldType type) {
    }
}
