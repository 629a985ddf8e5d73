package dev.ebpf4j.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.ebpf4j.processor.ir.GlobalDecl;
import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.MapDecl;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SourcePosition;
import dev.ebpf4j.processor.ir.ValueType;
import dev.ebpf4j.program.BpfProgram;
import dev.ebpf4j.program.SocketFilter;
import dev.ebpf4j.program.Tc;
import dev.ebpf4j.program.Xdp;
import dev.ebpf4j.program.maps.MapDef;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads the declarations of a {@code @BpfProgram} class through {@code javax.lang.model}: license,
 * map fields (kind, key and value from the field's generic type, sizes from {@code @MapDef}),
 * entry methods and their hooks. Errors go to the given sink, one per bad declaration.
 *
 * <pre>{@code
 * Declarations d = DeclarationReader.read(type, trees, (element, message) -> messager.printMessage(ERROR, message, element));
 * }</pre>
 */
public final class DeclarationReader {
    private final Trees trees;
    private final BiConsumer<Element, String> sink;
    private int errors;

    private DeclarationReader(Trees trees, BiConsumer<Element, String> sink) {
        this.trees = trees;
        this.sink = (element, message) -> {
            errors++;
            sink.accept(element, message);
        };
    }

    /** The declarations of {@code type}, reporting each bad one to {@code sink}. */
    public static Declarations read(TypeElement type, Trees trees, BiConsumer<Element, String> sink) {
        return new DeclarationReader(trees, sink).read(type);
    }

    private Declarations read(TypeElement type) {
        BpfProgram program = type.getAnnotation(BpfProgram.class);
        String license = program == null ? "" : program.license();
        if (program != null && license.isBlank()) {
            sink.accept(type, "the license of @BpfProgram is empty: the kernel needs a license string to load a program"
                    + " (and a GPL-compatible one for GPL-only helpers); write e.g. @BpfProgram(license = \"GPL\")");
        }
        if (type.getKind() != ElementKind.CLASS) {
            sink.accept(type, "@BpfProgram marks a class: a program is a class of static entry methods and static map fields");
        }
        Structs structs = new Structs(sink);
        Map<VariableElement, MapDecl> maps = new LinkedHashMap<>();
        Map<ExecutableElement, Hook> entries = new LinkedHashMap<>();
        Map<ExecutableElement, SourcePosition> positions = new LinkedHashMap<>();
        Map<VariableElement, GlobalDecl> globals = new LinkedHashMap<>();
        GlobalDeclarations globalReader = new GlobalDeclarations(trees, sink);
        for (Element member : type.getEnclosedElements()) {
            if (member instanceof VariableElement field && member.getKind() == ElementKind.FIELD && GlobalDeclarations.isGlobal(field)) {
                GlobalDecl global = globalReader.read(field);
                if (global != null) globals.put(field, global);
            } else if (member instanceof VariableElement field && member.getKind() == ElementKind.FIELD) {
                MapDecl map = field(field, structs);
                if (map != null) maps.put(field, map);
            } else if (member instanceof ExecutableElement method && member.getKind() == ElementKind.METHOD) {
                Hook hook = hook(method);
                if (hook != null && entry(method, hook) && distinct(method, entries.keySet())) {
                    entries.put(method, hook);
                    positions.put(method, position(method));
                }
            }
        }
        if (entries.isEmpty() && program != null) {
            sink.accept(type, "a @BpfProgram class needs at least one entry method: a static method annotated with @Xdp, @Tc or @SocketFilter");
        }
        return new Declarations(type, packageName(type), type.getSimpleName().toString(), sourceFile(type), license,
                maps, entries, structs, positions, errors, globals);
    }

    private MapDecl field(VariableElement field, Structs structs) {
        TypeMirror type = field.asType();
        JavaTypes.Category category = JavaTypes.category(type);
        boolean isStatic = field.getModifiers().contains(Modifier.STATIC);
        if (category != JavaTypes.Category.MAP && category != JavaTypes.Category.RING_BUFFER) {
            if (!isStatic) {
                sink.accept(field, "instance field '" + field.getSimpleName() + "': a program has no objects, only static"
                        + " maps and constants; make it a static final constant or a map field");
            }
            return null;
        }
        String name = field.getSimpleName().toString();
        if (!isStatic || !field.getModifiers().contains(Modifier.FINAL)) {
            sink.accept(field, "map field '" + name + "' must be static final: a map is created once when the object is"
                    + " loaded and every program of the class shares it");
            return null;
        }
        if (name.contains("$")) {
            sink.accept(field, "map field '" + name + "': the map's name in the object must be a C identifier; drop the '$'");
            return null;
        }
        MapDef def = field.getAnnotation(MapDef.class);
        if (def == null) {
            sink.accept(field, "map field '" + name + "' has no @MapDef: the kernel sizes a map when it creates it;"
                    + " write e.g. @MapDef(maxEntries = 1024)");
            return null;
        }
        if (def.maxEntries() <= 0) {
            sink.accept(field, "map field '" + name + "': maxEntries must be positive, the kernel refuses an empty map");
            return null;
        }
        MapKind kind = category == JavaTypes.Category.RING_BUFFER ? MapKind.RINGBUF : JavaTypes.mapKind(type);
        List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
        ValueType key;
        ValueType value;
        if (kind == MapKind.RINGBUF) {
            if (arguments.size() != 1 || JavaTypes.category(arguments.get(0)) != JavaTypes.Category.RECORD) {
                sink.accept(field, "ring buffer '" + name + "' needs a record event type, e.g. BpfRingBuffer<Event>:"
                        + " events are copied into the buffer as C structs");
                return null;
            }
            int size = def.maxEntries();
            if (Integer.bitCount(size) != 1 || size < 4096) {
                sink.accept(field, "ring buffer '" + name + "': maxEntries is its size in bytes and the kernel wants a"
                        + " power of two and a multiple of the page size, e.g. 65536");
                return null;
            }
            key = null;
            value = valueType(field, arguments.get(0), structs, "event");
        } else if (kind.array()) {
            if (arguments.size() != 1) return rawType(field);
            key = Prim.INT;
            value = valueType(field, arguments.get(0), structs, "value");
        } else if (kind == MapKind.LPM_TRIE) {
            if (arguments.size() != 2) return rawType(field);
            key = LpmTries.key(field, arguments.get(0), structs, sink);
            value = valueType(field, arguments.get(1), structs, "value");
        } else {
            if (arguments.size() != 2) return rawType(field);
            key = valueType(field, arguments.get(0), structs, "key");
            value = valueType(field, arguments.get(1), structs, "value");
        }
        if ((kind != MapKind.RINGBUF && key == null) || value == null) return null;
        if (!lockPlacementOk(field, name, kind, key, value)) return null;
        // the kernel creates LPM tries only without preallocation
        int flags = kind == MapKind.LPM_TRIE ? def.flags() | MapDef.NO_PREALLOC : def.flags();
        return new MapDecl(name, kind, key, value, def.maxEntries(), flags, def.pinned());
    }

    /**
     * A {@code SpinLock} only in the value of a hash map or an array: the kernel refuses a lock in a
     * key, in a ring buffer's record and in any other kind of map when it creates the map.
     */
    private boolean lockPlacementOk(VariableElement field, String name, MapKind kind, ValueType key, ValueType value) {
        if (dev.ebpf4j.processor.ir.SpinLockType.of(key) != null) {
            sink.accept(field, "map '" + name + "': its key " + ((dev.ebpf4j.processor.ir.StructType) key).javaName()
                    + " holds a SpinLock, and the kernel locks values only: move the SpinLock component into the value record");
            return false;
        }
        if (dev.ebpf4j.processor.ir.SpinLockType.of(value) == null) return true;
        String record = ((dev.ebpf4j.processor.ir.StructType) value).javaName();
        record = record.substring(Math.max(record.lastIndexOf('.'), record.lastIndexOf('$')) + 1);
        if (kind == MapKind.RINGBUF) {
            sink.accept(field, "ring buffer '" + name + "': its event " + record + " holds a SpinLock, which only a map's value"
                    + " can hold: drop the SpinLock component from the event record");
            return false;
        }
        if (kind != MapKind.HASH && kind != MapKind.ARRAY) {
            sink.accept(field, "map '" + name + "' is a " + kind.javaName() + " and its value " + record + " holds a SpinLock: the kernel"
                    + " keeps a bpf_spin_lock only in hash maps and arrays; declare it a BpfHashMap or a BpfArray"
                    + (kind.perCpu() ? " (or drop the SpinLock: a per-CPU value is changed by one CPU at a time already)" : ""));
            return false;
        }
        return true;
    }

    private MapDecl rawType(VariableElement field) {
        sink.accept(field, "map field '" + field.getSimpleName() + "' needs its key and value types, e.g."
                + " BpfHashMap<Integer, Long>: they fix the map's layout in the kernel");
        return null;
    }

    private ValueType valueType(VariableElement field, TypeMirror type, Structs structs, String role) {
        JavaTypes.Category category = JavaTypes.category(type);
        if (category == JavaTypes.Category.BOXED) return JavaTypes.primOf(type);
        if (category == JavaTypes.Category.RECORD) return structs.of(type);
        sink.accept(field, "map field '" + field.getSimpleName() + "': the " + role + " type " + type + " cannot live in"
                + " a map, whose entries are fixed-size bytes; use Integer, Long, Short, Byte, Character, Boolean or a record of primitives");
        return null;
    }

    private Hook hook(ExecutableElement method) {
        if (method.getAnnotation(Xdp.class) != null) return Hook.XDP;
        Tc tc = method.getAnnotation(Tc.class);
        if (tc != null) return tc.value() == Tc.Direction.EGRESS ? Hook.TC_EGRESS : Hook.TC_INGRESS;
        if (method.getAnnotation(SocketFilter.class) != null) return Hook.SOCKET_FILTER;
        return null;
    }

    private boolean entry(ExecutableElement method, Hook hook) {
        String context = JavaTypes.contextClass(hook);
        String verdict = switch (hook) {
            case XDP -> "XdpAction";
            case TC_INGRESS, TC_EGRESS -> "TcAction";
            case SOCKET_FILTER -> "int";
        };
        String shape = "static " + verdict + " " + method.getSimpleName() + "(" + context.substring(context.lastIndexOf('.') + 1) + " ctx)";
        boolean ok = method.getModifiers().contains(Modifier.STATIC)
                && method.getParameters().size() == 1
                && JavaTypes.qualifiedName(method.getParameters().get(0).asType()).equals(context)
                && (hook == Hook.SOCKET_FILTER ? method.getReturnType().getKind() == TypeKind.INT
                        : JavaTypes.qualifiedName(method.getReturnType()).equals(JavaTypes.PROGRAM + "." + verdict));
        if (!ok) {
            sink.accept(method, "entry method '" + method.getSimpleName() + "' must be declared as " + shape
                    + ": the kernel calls it with the hook's context and reads its verdict");
        } else if (!dev.ebpf4j.btf.CIdentifiers.isValid(method.getSimpleName().toString())) {
            sink.accept(method, "entry method '" + method.getSimpleName() + "' has a name C reserves: the object and the"
                    + " C rendering name the program after its method, and a C keyword names no function; rename it");
            ok = false;
        }
        return ok;
    }

    /** True if no entry in {@code entries} has {@code method}'s name (Java allows overloads; the object does not). */
    private boolean distinct(ExecutableElement method, java.util.Set<ExecutableElement> entries) {
        for (ExecutableElement other : entries) {
            if (!other.getSimpleName().equals(method.getSimpleName())) continue;
            int line = position(other).line();
            sink.accept(method, "entry method '" + method.getSimpleName() + "' has the name of the entry method on line " + line
                    + ": the object names each program after its method (its symbol, and libbpf its program), and so do"
                    + " the C rendering and the skeleton's accessor, so two entry methods cannot share a name, even as"
                    + " overloads; rename this one");
            return false;
        }
        return true;
    }

    private SourcePosition position(ExecutableElement method) {
        TreePath path = trees.getPath(method);
        if (path == null) return new SourcePosition("", 0, 0, "");
        CompilationUnitTree unit = path.getCompilationUnit();
        return new Positions(trees, unit).of(path.getLeaf());
    }

    private String sourceFile(TypeElement type) {
        TreePath path = trees.getPath(type);
        return path == null ? type.getSimpleName() + ".java" : Positions.fileName(path.getCompilationUnit());
    }

    private static String packageName(Element element) {
        while (!(element instanceof PackageElement)) element = element.getEnclosingElement();
        return ((PackageElement) element).getQualifiedName().toString();
    }
}
