package dev.ebpf4j.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * The key of an {@link MapKind#LPM_TRIE} map: the kernel's {@code struct { __u32 prefixlen;
 * __u8 data[n]; }} as a {@link StructType} whose first field {@code prefixlen} (INT, host order,
 * offset 0) is followed by the address's components (the Java key type's, or one field
 * {@code address} for a boxed primitive) packed from offset 4 with no padding. Unlike other
 * structs, a back end stores the address fields <em>big-endian</em> (network order), so prefixes
 * match from the most significant bit of the first component. The struct's {@code javaName} is
 * the binary name of the Java address type ({@code java.lang.Integer}, a record, ...).
 *
 * <p>Every {@link Expr.MapCall} on such a map has a {@link Expr.StructValue} of this struct as its
 * key: LOOKUP and CONTAINS_KEY with the constant prefix length {@link #bits}, PUT and REMOVE with
 * the program's (the front end rejects a constant outside {@code 0..bits}; the kernel refuses
 * other values with {@code EINVAL}, which makes the call false). PUT stores with {@code BPF_ANY}.
 */
public final class LpmKeys {
    /** The name of the prefix length field. */
    public static final String PREFIX_LENGTH = "prefixlen";

    private LpmKeys() {
    }

    /**
     * The key struct of the LPM trie {@code mapName} whose addresses are {@code address} (a
     * primitive or a record's struct).
     */
    public static StructType layout(String mapName, ValueType address) {
        List<StructField> fields = new ArrayList<>();
        fields.add(new StructField(PREFIX_LENGTH, Prim.INT, 0));
        int offset = Integer.BYTES;
        String javaName;
        switch (address) {
            case Prim prim -> {
                fields.add(new StructField("address", prim, offset));
                offset += prim.size();
                javaName = switch (prim) {
                    case LONG -> "java.lang.Long";
                    case INT -> "java.lang.Integer";
                    case SHORT -> "java.lang.Short";
                    case BYTE -> "java.lang.Byte";
                    default -> throw new IllegalArgumentException("an LPM trie address is integral, not " + prim.javaName());
                };
            }
            case StructType struct -> {
                for (StructField field : struct.fields()) {
                    fields.add(new StructField(field.name(), field.type(), offset));
                    offset += field.type().size();
                }
                javaName = struct.javaName();
            }
        }
        return new StructType(mapName + "_lpm_key", javaName, fields, offset);
    }

    /** The longest prefix length: the address's bits. */
    public static int bits(StructType key) {
        return (key.size() - Integer.BYTES) * 8;
    }

    /** The address fields: every field after the prefix length. */
    public static List<StructField> address(StructType key) {
        return key.fields().subList(1, key.fields().size());
    }
}
