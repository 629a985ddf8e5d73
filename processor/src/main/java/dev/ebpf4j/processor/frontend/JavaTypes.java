package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.Hook;
import dev.ebpf4j.processor.ir.MapKind;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.ViewKind;

import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * What a Java type is to the compiler: a primitive, a boxed primitive, a header view, a context,
 * a verdict enum, a record, a map, or something the kernel cannot hold.
 */
final class JavaTypes {
    static final String PROGRAM = "dev.ebpf4j.program";
    static final String NET = "dev.ebpf4j.program.net";
    static final String MAPS = "dev.ebpf4j.program.maps";

    private JavaTypes() {
    }

    /** The categories of Java types a program meets. */
    enum Category { PRIMITIVE, BOXED, VIEW, CONTEXT, VERDICT, RECORD, MAP, RING_BUFFER, VOID, OTHER }

    static Category category(TypeMirror type) {
        TypeKind kind = type.getKind();
        if (kind == TypeKind.VOID) return Category.VOID;
        if (kind.isPrimitive()) return primitive(kind) != null ? Category.PRIMITIVE : Category.OTHER;
        if (kind != TypeKind.DECLARED) return Category.OTHER;
        TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
        String name = element.getQualifiedName().toString();
        if (boxed(name) != null) return Category.BOXED;
        if (view(type) != null) return Category.VIEW;
        if (context(type) != null) return Category.CONTEXT;
        if (name.equals(PROGRAM + ".XdpAction") || name.equals(PROGRAM + ".TcAction")) return Category.VERDICT;
        if (element.getKind() == ElementKind.RECORD) return Category.RECORD;
        if (name.equals(MAPS + ".BpfRingBuffer")) return Category.RING_BUFFER;
        if (mapKind(type) != null) return Category.MAP;
        return Category.OTHER;
    }

    /** The IR primitive of a Java primitive kind; null for float and double. */
    static Prim primitive(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN -> Prim.BOOLEAN;
            case BYTE -> Prim.BYTE;
            case SHORT -> Prim.SHORT;
            case CHAR -> Prim.CHAR;
            case INT -> Prim.INT;
            case LONG -> Prim.LONG;
            default -> null;
        };
    }

    /** The primitive a boxed class holds; null for other classes and for Float and Double. */
    static Prim boxed(String qualifiedName) {
        return switch (qualifiedName) {
            case "java.lang.Boolean" -> Prim.BOOLEAN;
            case "java.lang.Byte" -> Prim.BYTE;
            case "java.lang.Short" -> Prim.SHORT;
            case "java.lang.Character" -> Prim.CHAR;
            case "java.lang.Integer" -> Prim.INT;
            case "java.lang.Long" -> Prim.LONG;
            default -> null;
        };
    }

    /** The primitive of a primitive or boxed type, or null. */
    static Prim primOf(TypeMirror type) {
        if (type.getKind().isPrimitive()) return primitive(type.getKind());
        if (type.getKind() == TypeKind.DECLARED) return boxed(qualifiedName(type));
        return null;
    }

    static String qualifiedName(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) return type.toString();
        return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
    }

    static ViewKind view(TypeMirror type) {
        String name = qualifiedName(type);
        for (ViewKind kind : ViewKind.values()) {
            if (name.equals(NET + "." + kind.javaName())) return kind;
        }
        return null;
    }

    /** The context class of a hook's entry methods. */
    static String contextClass(Hook hook) {
        return switch (hook) {
            case XDP -> PROGRAM + ".XdpContext";
            case TC_INGRESS, TC_EGRESS -> PROGRAM + ".TcContext";
            case SOCKET_FILTER -> PROGRAM + ".SocketContext";
        };
    }

    /** The hooks whose context is {@code type}, as the first of them; null if not a context. */
    static Hook context(TypeMirror type) {
        return switch (qualifiedName(type)) {
            case PROGRAM + ".XdpContext" -> Hook.XDP;
            case PROGRAM + ".TcContext" -> Hook.TC_INGRESS;
            case PROGRAM + ".SocketContext" -> Hook.SOCKET_FILTER;
            default -> null;
        };
    }

    static MapKind mapKind(TypeMirror type) {
        String name = qualifiedName(type);
        for (MapKind kind : MapKind.values()) {
            if (name.equals(MAPS + "." + kind.javaName())) return kind;
        }
        return null;
    }

    /** The kernel code of a verdict constant, from the API enum itself. */
    static int verdictCode(TypeMirror type, String constant) {
        return switch (qualifiedName(type)) {
            case PROGRAM + ".XdpAction" -> dev.ebpf4j.program.XdpAction.valueOf(constant).code();
            case PROGRAM + ".TcAction" -> dev.ebpf4j.program.TcAction.valueOf(constant).code();
            default -> throw new IllegalArgumentException(type + " is not a verdict");
        };
    }
}
