package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.ebpf4j.processor.frontend.AggregateLowering.Aggregate;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Expr.Constant;
import dev.ebpf4j.processor.ir.LpmKeys;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValueType;

import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@code BpfLpmTrie} fields and calls: the address type of a declaration becomes the map's
 * {@link LpmKeys} key struct, and each call's key a struct value of it with the prefix length
 * first (the longest for {@code get} and {@code containsKey}).
 */
final class LpmTries {
    private static final Set<Prim> ADDRESS_PARTS = Set.of(Prim.LONG, Prim.INT, Prim.SHORT, Prim.BYTE);

    private final Reporter reporter;
    private final IrOutput output;
    private final ExpressionLowering expressions;
    private final AggregateLowering aggregates;

    LpmTries(Reporter reporter, IrOutput output, ExpressionLowering expressions, AggregateLowering aggregates) {
        this.reporter = reporter;
        this.output = output;
        this.expressions = expressions;
        this.aggregates = aggregates;
    }

    /** The key struct of the trie {@code field} with addresses of {@code type}, or null (reported to {@code sink}). */
    static StructType key(Element field, TypeMirror type, Structs structs, BiConsumer<Element, String> sink) {
        String name = field.getSimpleName().toString();
        ValueType address = switch (JavaTypes.category(type)) {
            case BOXED -> JavaTypes.primOf(type);
            case RECORD -> structs.of(type);
            default -> null;
        };
        boolean integral = switch (address) {
            case null -> false;
            case Prim prim -> ADDRESS_PARTS.contains(prim);
            case StructType struct -> !struct.fields().isEmpty()
                    && struct.fields().stream().allMatch(c -> ADDRESS_PARTS.contains(c.type()));
        };
        if (!integral) {
            if (address != null || JavaTypes.category(type) != JavaTypes.Category.RECORD) {
                sink.accept(field, "LPM trie '" + name + "': the address type " + type + " is not an address; use Integer"
                        + " (IPv4), Long, Short, Byte or a record of long, int, short and byte components (e.g. record"
                        + " Ipv6Address(long high, long low)): prefixes are bits of integers, big-endian");
            }
            return null;
        }
        return LpmKeys.layout(name, address);
    }

    /** {@code containsKey}, {@code put} and {@code remove}; other methods are not available in a program. */
    Expr call(MapDecl map, MethodInvocationTree call, String name) {
        List<? extends ExpressionTree> args = call.getArguments();
        return switch (name) {
            case "containsKey" -> new Expr.MapCall(map, MapOp.CONTAINS_KEY, lookupKey(map, args.getFirst()), null);
            case "remove" -> new Expr.MapCall(map, MapOp.REMOVE, prefixKey(map, args.get(0), args.get(1)), null);
            case "put" -> {
                Expr key = prefixKey(map, args.get(0), args.get(1));
                int mark = output.current().size();
                Expr stored = switch (map.value()) {
                    case Prim prim -> expressions.prim(args.get(2), prim);
                    case StructType struct -> new Expr.StructValue(struct, aggregates.parts(
                            aggregates.aggregate(args.get(2), struct, "value"), args.get(2), "the value"));
                };
                if (output.current().size() > mark) key = spill(key, mark);
                yield new Expr.MapCall(map, MapOp.PUT, key, stored);
            }
            default -> throw reporter.reject(call, "'" + map.name() + "." + name + "' is not available in a program: an"
                    + " LPM trie offers get, getOrDefault, containsKey, put and remove there; call it from user space");
        };
    }

    /** The key of a lookup: {@code address} with the longest prefix length. */
    Expr lookupKey(MapDecl map, ExpressionTree address) {
        StructType key = (StructType) map.key();
        List<Expr> fields = new ArrayList<>();
        fields.add(Constant.ofInt(LpmKeys.bits(key)));
        fields.addAll(address(key, address));
        return new Expr.StructValue(key, fields);
    }

    /** The key naming the prefix {@code network/length}, evaluated in Java's order (network first). */
    private Expr prefixKey(MapDecl map, ExpressionTree network, ExpressionTree length) {
        StructType key = (StructType) map.key();
        List<Expr> address = new ArrayList<>(address(key, network));
        int mark = output.current().size();
        Expr prefix = expressions.prim(length, Prim.INT);
        if (output.current().size() > mark) expressions.spill(address, mark);
        int bits = LpmKeys.bits(key);
        if (prefix instanceof Constant c && (c.value() < 0 || c.value() > bits)) {
            throw reporter.reject(length, "prefix length " + c.value() + " is outside 0.." + bits + ", the bits of an address of '"
                    + map.name() + "': the kernel refuses it, so this call would always return false; use a length in that range");
        }
        List<Expr> fields = new ArrayList<>();
        fields.add(prefix);
        fields.addAll(address);
        return new Expr.StructValue(key, fields);
    }

    /** The address fields of {@code tree}: one value per component. */
    private List<Expr> address(StructType key, ExpressionTree tree) {
        List<StructField> fields = LpmKeys.address(key);
        if (key.javaName().startsWith("java.lang.")) {
            return List.of(expressions.prim(tree, (Prim) fields.getFirst().type()));
        }
        ValueType record = aggregates.valueType(tree);
        Aggregate value = aggregates.aggregate(tree, record, "address");
        return aggregates.parts(value, tree, tree instanceof com.sun.source.tree.IdentifierTree ? "'" + tree + "'" : "the address");
    }

    private Expr spill(Expr key, int mark) {
        Expr.StructValue struct = (Expr.StructValue) key;
        List<Expr> fields = new ArrayList<>(struct.fields());
        expressions.spill(fields, mark);
        return new Expr.StructValue(struct.struct(), fields);
    }
}
