package dev.ebpf4j.processor.skeleton;

import com.palantir.javapoet.ClassName;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.StructType;
import dev.ebpf4j.processor.ir.ValueType;

import java.util.Arrays;

/** The Java type a map key, value or event has in user space: a boxed primitive or the record itself. */
final class UserSpaceTypes {
    private UserSpaceTypes() {
    }

    static ClassName of(ValueType type) {
        return switch (type) {
            case Prim prim -> switch (prim) {
                case BOOLEAN -> ClassName.get(Boolean.class);
                case BYTE -> ClassName.get(Byte.class);
                case SHORT -> ClassName.get(Short.class);
                case CHAR -> ClassName.get(Character.class);
                case INT -> ClassName.get(Integer.class);
                case LONG -> ClassName.get(Long.class);
                case VOID -> throw new IllegalArgumentException("void is not a map key or value type");
            };
            case StructType struct -> ofBinaryName(struct.javaName());
        };
    }

    /** {@code a.b.Outer$Inner} as the class JavaPoet names (and imports) {@code a.b.Outer.Inner}. */
    static ClassName ofBinaryName(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        String packageName = dot < 0 ? "" : binaryName.substring(0, dot);
        String[] names = binaryName.substring(dot + 1).split("\\$");
        return ClassName.get(packageName, names[0], Arrays.copyOfRange(names, 1, names.length));
    }
}
