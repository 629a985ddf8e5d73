package dev.ebpf4j.processor.bpf;

import dev.ebpf4j.btf.Btf;
import dev.ebpf4j.btf.BtfType;
import dev.ebpf4j.processor.ir.Function;
import dev.ebpf4j.processor.ir.IrType;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.LpmKeys;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructField;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The object's BTF: an INT per primitive (C's names), a STRUCT per record with its C name and
 * fields, and a FUNC with its FUNC_PROTO per function ({@code int name(void *ctx)} for entry
 * points, the parameters' types for subprograms).
 */
final class BtfTypes {
    private final Btf.Builder btf = Btf.builder();
    private final Map<String, Integer> structs = new HashMap<>();

    int of(ValueType type) {
        return switch (type) {
            case Prim p -> prim(p);
            case StructType s -> struct(s);
        };
    }

    int prim(Prim p) {
        return switch (p) {
            case BOOLEAN -> btf.intern(new BtfType.Int("_Bool", 1, BtfType.IntEncoding.BOOL, 0, 8));
            case BYTE -> btf.intern(new BtfType.Int("signed char", 1, BtfType.IntEncoding.SIGNED, 0, 8));
            case SHORT -> btf.intern(new BtfType.Int("short", 2, BtfType.IntEncoding.SIGNED, 0, 16));
            case CHAR -> btf.intern(new BtfType.Int("unsigned short", 2, BtfType.IntEncoding.NONE, 0, 16));
            case INT -> btf.intern(new BtfType.Int("int", 4, BtfType.IntEncoding.SIGNED, 0, 32));
            case LONG -> btf.intern(new BtfType.Int("long long", 8, BtfType.IntEncoding.SIGNED, 0, 64));
            case VOID -> 0;
        };
    }

    /** A global's type: its INT, {@code const volatile} for configuration as clang types it. */
    int global(dev.ebpf4j.processor.ir.GlobalDecl global) {
        int type = prim(global.type());
        if (global.role() != dev.ebpf4j.processor.ir.GlobalDecl.Role.CONFIG) return type;
        return btf.intern(new BtfType.Const(btf.intern(new BtfType.Volatile(type))));
    }

    int struct(StructType s) {
        Integer id = structs.get(s.name());
        if (id != null) return id;
        List<BtfType.Member> members = new ArrayList<>();
        for (StructField f : s.fields()) members.add(new BtfType.Member(f.name(), field(f), f.offset() * 8L, 0));
        id = btf.add(new BtfType.Struct(s.name(), s.size(), members, false));
        structs.put(s.name(), id);
        return id;
    }

    /** A field's type: its INT, or an ARRAY of its element's INT (indexed by a 4-byte unsigned int, as clang does). */
    private int field(StructField f) {
        return switch (f.type()) {
            case Prim p -> prim(p);
            case dev.ebpf4j.processor.ir.ArrayType a -> btf.intern(new BtfType.Array(prim(a.element()),
                    btf.intern(new BtfType.Int("__ARRAY_SIZE_TYPE__", 4, BtfType.IntEncoding.NONE, 0, 32)), a.length()));
            case dev.ebpf4j.processor.ir.SpinLockType l -> spinLock();
        };
    }

    /**
     * {@code struct bpf_spin_lock { __u32 val; }}, as the kernel's headers declare it: the verifier
     * finds a value's lock by this struct name (and size 4) among its members.
     */
    private int spinLock() {
        Integer id = structs.get("bpf_spin_lock");
        if (id != null) return id;
        int u32 = btf.intern(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        id = btf.add(new BtfType.Struct("bpf_spin_lock", 4, List.of(new BtfType.Member("val", u32, 0, 0)), false));
        structs.put("bpf_spin_lock", id);
        return id;
    }

    /**
     * What a ring buffer's value names, its records: a zero-length array of their type, which names
     * the type and has size 0, the value size the kernel requires of a ring buffer (libbpf creates
     * the map with the size of the value type, and refuses {@code __type(value, struct event)}).
     */
    int ringBufferRecords(ValueType record) {
        return btf.intern(new BtfType.Array(of(record),
                btf.intern(new BtfType.Int("__ARRAY_SIZE_TYPE__", 4, BtfType.IntEncoding.NONE, 0, 32)), 0));
    }

    /**
     * The key struct of an LPM trie as the kernel declares it, {@code struct { __u32 prefixlen;
     * __u8 data[n]; }}: its address is big-endian bytes, which no integer member would describe.
     */
    int lpmKey(StructType key) {
        Integer id = structs.get(key.name());
        if (id != null) return id;
        int u32 = btf.intern(new BtfType.Int("unsigned int", 4, BtfType.IntEncoding.NONE, 0, 32));
        int u8 = btf.intern(new BtfType.Int("unsigned char", 1, BtfType.IntEncoding.NONE, 0, 8));
        int data = btf.add(new BtfType.Array(u8, u32, key.size() - 4L));
        id = btf.add(new BtfType.Struct(key.name(), key.size(), List.of(
                new BtfType.Member(LpmKeys.PREFIX_LENGTH, u32, 0, 0), new BtfType.Member("data", data, 32, 0)), false));
        structs.put(key.name(), id);
        return id;
    }

    /** Adds the FUNC of {@code function}. */
    void function(Function function) {
        List<BtfType.Param> params = new ArrayList<>();
        int voidPointer = btf.intern(new BtfType.Ptr(0));
        for (Local p : function.parameters()) params.add(new BtfType.Param(p.name(), param(p.type(), voidPointer)));
        int proto = btf.add(new BtfType.FuncProto(prim(function.returnType()), params));
        btf.add(new BtfType.Func(function.name(), proto, function.entry() ? BtfType.FuncLinkage.GLOBAL : BtfType.FuncLinkage.STATIC));
    }

    /**
     * Adds the FUNC of a global function {@code long long name(struct contextStruct *ctx, long long ...)}:
     * the kernel verifies it once, from these types (a pointer to the hook's context struct, by name).
     */
    void globalFunction(String name, String contextStruct, List<String> longParams) {
        int context = btf.add(new BtfType.Struct(contextStruct, 0, List.of(), false));
        List<BtfType.Param> params = new ArrayList<>();
        params.add(new BtfType.Param("ctx", btf.add(new BtfType.Ptr(context))));
        for (String p : longParams) params.add(new BtfType.Param(p, prim(Prim.LONG)));
        int proto = btf.add(new BtfType.FuncProto(prim(Prim.LONG), params));
        btf.add(new BtfType.Func(name, proto, BtfType.FuncLinkage.GLOBAL));
    }

    private int param(IrType type, int voidPointer) {
        return type instanceof Prim p ? prim(p) : voidPointer;
    }

    Btf build() {
        return btf.build();
    }
}
