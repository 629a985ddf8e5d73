package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.ContextType;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.Intrinsic;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapOp;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ProgramUnit;
import dev.ebpf4j.processor.ir.SpinLockType;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValuePointer;
import dev.ebpf4j.processor.ir.ValueType;
import dev.ebpf4j.processor.ir.ViewKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The C names of a unit: types, the header's functions, the map operations, and locals renamed
 * (with a trailing underscore) where a Java name is a C keyword or would hide a name the rendering
 * needs. Maps and functions keep their Java names, which are their symbols in the object; a clash
 * of those with the header is an error.
 */
final class CNames {
    /** The name of the packet end every view function takes. */
    static final String DATA_END = "data_end";

    private static final Set<String> C_WORDS = Set.of(
            "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
            "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
            "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "typeof", "union", "unsigned",
            "void", "volatile", "while", "asm", "bool", "true", "false", "NULL", "main");

    private static final Set<String> HEADER_WORDS = headerWords();

    /** The prefixes of the header's upper-case constants. */
    private static final String[] HEADER_CONSTANTS = {
        "BPF_", "LIBBPF_", "ETHERNET_", "ETHERTYPE_", "IPV4_", "IPV6_", "TCP_", "UDP_", "IPPROTO_", "EBPF4J_"};

    private final Set<String> globals = new HashSet<>();
    private final Map<Integer, String> locals = new HashMap<>();
    private final Set<String> localNames = new HashSet<>();

    private CNames(ProgramUnit unit) {
        for (MapDecl map : unit.maps()) {
            global(map.name(), "map");
            for (MapOp op : MapOp.values()) globals.add(mapFunction(map, op));
        }
        for (Function function : unit.functions()) global(function.name(), "function");
        for (dev.ebpf4j.processor.ir.GlobalDecl g : unit.globals()) global(g.name(), "global");
        for (StructType struct : unit.structs()) globals.add(struct.name());
        globals.add("LICENSE");
    }

    /** The global names of {@code unit}; fails on a map or function name that C cannot use. */
    static CNames of(ProgramUnit unit) {
        return new CNames(unit);
    }

    private void global(String name, String what) {
        if (reserved(name)) {
            throw new IllegalArgumentException(what + " " + name + ": the name is taken in C (a keyword or a name of "
                    + CRenderer.HEADER_NAME + "); rename it");
        }
        if (!globals.add(name)) {
            throw new IllegalArgumentException(what + " " + name + ": two maps or functions have this name");
        }
    }

    private static boolean reserved(String name) {
        if (C_WORDS.contains(name) || HEADER_WORDS.contains(name) || name.startsWith("__") || name.startsWith("ebpf4j_")) {
            return true;
        }
        for (String prefix : HEADER_CONSTANTS) {
            if (name.startsWith(prefix)) return true;
        }
        return false;
    }

    /** Starts naming the locals of a function. */
    void enter(Function function) {
        locals.clear();
        localNames.clear();
    }

    /** The C name of {@code local} in the current function: its Java name unless that clashes. */
    String local(Local local) {
        return locals.computeIfAbsent(local.id(), id -> {
            String name = local.name();
            while (reserved(name) || globals.contains(name) || name.equals(DATA_END) || localNames.contains(name)) {
                name = name + "_";
            }
            localNames.add(name);
            return name;
        });
    }

    /** A struct field's name, escaped like a local's (struct members cannot clash with anything else). */
    static String field(String name) {
        return C_WORDS.contains(name) ? name + "_" : name;
    }

    /** The generated function for {@code op} on {@code map}: {@code counts_increment}. */
    static String mapFunction(MapDecl map, MapOp op) {
        String method = switch (op) {
            case LOOKUP -> "get";
            case CONTAINS_KEY -> "contains_key";
            case PUT -> "put";
            case PUT_IF_ABSENT -> "put_if_absent";
            case REMOVE -> "remove";
            case INCREMENT -> "increment";
            case OUTPUT -> "output";
            case OUTPUT_NO_WAKEUP -> "output_no_wakeup";
            case OUTPUT_FORCE_WAKEUP -> "output_force_wakeup";
        };
        return map.name() + "_" + method;
    }

    /** The header's function for a context or view intrinsic: {@code ipv4_tcp}. */
    static String intrinsicFunction(Intrinsic intrinsic) {
        return intrinsic.name().toLowerCase(Locale.ROOT);
    }

    /** The C type of a local, parameter or return value; pointer types end in {@code *}. */
    static String type(IrType type) {
        return switch (type) {
            case Prim prim -> prim == Prim.BOOLEAN ? "bool" : prim.cName();
            case ViewKind view -> "struct " + view.javaName() + " *";
            case ValuePointer pointer -> valueType(pointer.map().value()) + " *";
            case ContextType context -> context.hook() == Hook.XDP ? "struct xdp_md *" : "struct __sk_buff *";
            case StructType struct -> "struct " + struct.name();
            case ArrayType array -> CArrays.pointerType(array);
            case SpinLockType lock -> "struct bpf_spin_lock";
        };
    }

    /** The C type of a map key or value, a struct field or an event. */
    static String valueType(ValueType type) {
        return switch (type) {
            case Prim prim -> prim.cName();
            case StructType struct -> "struct " + struct.name();
        };
    }

    /** {@code type name}, written as C writes pointers: {@code struct Tcp *tcp}. */
    static String declaration(String type, String name) {
        return type.endsWith("*") ? type + name : type + " " + name;
    }

    /** The unsigned C type of a computation in {@code type}: __u64 for long, else __u32. */
    static String unsignedType(Prim type) {
        return type.wide() ? "__u64" : "__u32";
    }

    /** The signed C type of a computation in {@code type}: __s64 for long, else __s32. */
    static String signedType(Prim type) {
        return type.wide() ? "__s64" : "__s32";
    }

    private static Set<String> headerWords() {
        Set<String> words = new HashSet<>(Set.of(
                "SEC", "xdp_md", "bpf_map_lookup_elem", "bpf_map_update_elem", "bpf_map_delete_elem",
                "bpf_ktime_get_ns", "bpf_get_prandom_u32", "bpf_get_smp_processor_id", "bpf_ringbuf_output",
                "compare_unsigned32", "compare_unsigned64", "Ethernet", "Ipv4", "Ipv6", "Tcp", "Udp",
                "ethernet_network", "ipv4_transport", "ipv6_transport", "tcp_option", "bpf_trace_printk", "ebpf4j_trace", "BPF_ANY", "BPF_NOEXIST", "BPF_EXIST",
                "LIBBPF_PIN_NONE", "LIBBPF_PIN_BY_NAME"));
        for (Intrinsic intrinsic : Intrinsic.values()) words.add(intrinsicFunction(intrinsic));
        return Set.copyOf(words);
    }
}
