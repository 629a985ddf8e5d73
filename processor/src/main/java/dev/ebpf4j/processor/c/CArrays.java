package dev.ebpf4j.processor.c;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Expr;
import dev.ebpf4j.processor.ir.Local;
import dev.ebpf4j.processor.ir.Prim;

/**
 * Fixed-size arrays in C: struct members and locals are C arrays of the element's fixed-width
 * type ({@code __u8 addr[16]}), a new array is zero-initialised, copies are
 * {@code __builtin_memcpy} of the whole array, and an element's index is masked (or clamped) to
 * the length as the eBPF back end does, so the verifier sees the bound whatever clang proves.
 */
final class CArrays {
    private CArrays() {
    }

    /** The C element type: the fixed-width integer of the element (booleans as {@code __u8}). */
    static String elementType(Prim element) {
        return element.cName();
    }

    /** {@code __u8 name[16]}: a struct member or a local. */
    static String declaration(ArrayType type, String name) {
        return elementType(type.element()) + " " + name + "[" + type.length() + "]";
    }

    /** The declaration of array local {@code name} set to {@code value}: one or two statements. */
    static String declare(ArrayType type, String name, Expr value, CExpressions expressions) {
        if (value == null || value instanceof Expr.NewArray) return declaration(type, name) + " = {0};";
        return declaration(type, name) + "; " + copy(name, value, expressions) + ";";
    }

    /** {@code __builtin_memcpy(to, value, sizeof(to))}: the copy of an array value into array {@code to}. */
    static String copy(String to, Expr value, CExpressions expressions) {
        if (value instanceof Expr.NewArray) return "__builtin_memset(" + to + ", 0, sizeof(" + to + "))";
        return "__builtin_memcpy(" + to + ", " + expressions.render(value) + ", sizeof(" + to + "))";
    }

    /** {@code array[index]} with the index bounded to the array for the verifier. */
    static String element(String array, ArrayType type, Expr index, CExpressions expressions) {
        if (index instanceof Expr.Constant c) return array + "[" + c.value() + "]";
        String i = expressions.code(index, CExpressions.Mode.SIGNED).at(CCode.UNARY);
        int length = type.length();
        String bounded = Integer.bitCount(length) == 1
                ? "(__u32)" + i + " & " + (length - 1)
                : "({ __u32 __i = (__u32)" + i + "; __i < " + length + " ? __i : 0; })";
        return array + "[" + bounded + "]";
    }

    /** The type of an array local's name where C needs one (a parameter): a pointer to the first element. */
    static String pointerType(ArrayType type) {
        return elementType(type.element()) + " *";
    }

    /** The statement {@code array[index] = value;}. */
    static String store(Local array, String name, Expr index, Expr value, CExpressions expressions) {
        return element(name, (ArrayType) array.type(), index, expressions) + " = " + expressions.render(value) + ";";
    }
}
