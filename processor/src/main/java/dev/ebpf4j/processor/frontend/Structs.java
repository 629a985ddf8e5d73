package dev.ebpf4j.processor.frontend;

import dev.ebpf4j.processor.ir.ArrayType;
import dev.ebpf4j.processor.ir.Prim;
import dev.ebpf4j.processor.ir.SpinLockType;
import dev.ebpf4j.processor.ir.StructType;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** The records a program uses as map keys, values and events, laid out as C structs in first-use order. */
final class Structs {
    private final Map<TypeElement, StructType> structs = new LinkedHashMap<>();
    private final BiConsumer<Element, String> errors;

    Structs(BiConsumer<Element, String> errors) {
        this.errors = errors;
    }

    /** The struct of the record type {@code type}, or null (reported) if a component is not a primitive. */
    StructType of(TypeMirror type) {
        TypeElement record = (TypeElement) ((DeclaredType) type).asElement();
        StructType known = structs.get(record);
        if (known != null) return known;
        List<StructType.Component> components = new ArrayList<>();
        boolean ok = true;
        RecordComponentElement lock = null;
        for (RecordComponentElement component : record.getRecordComponents()) {
            if (isSpinLock(component.asType())) {
                if (lock != null) {
                    errors.accept(component, "record " + record.getSimpleName() + " declares a second SpinLock ('"
                            + component.getSimpleName() + "' after '" + lock.getSimpleName() + "'): the kernel allows one"
                            + " bpf_spin_lock in a map value; keep one lock and change all the fields under it");
                    ok = false;
                }
                lock = component;
                components.add(new StructType.Component(component.getSimpleName().toString(), SpinLockType.INSTANCE));
                continue;
            }
            if (component.asType().getKind() == javax.lang.model.type.TypeKind.ARRAY) {
                ArrayType array = array(record, component);
                if (array == null) ok = false;
                else components.add(new StructType.Component(component.getSimpleName().toString(), array));
                continue;
            }
            Prim prim = JavaTypes.primitive(component.asType().getKind());
            if (prim == null) {
                errors.accept(component, "record component '" + component.getSimpleName() + "' of " + record.getSimpleName()
                        + " has type " + component.asType() + ": a map key, value or event is copied as a C struct of fixed-size"
                        + " integers, so components must be int, long, short, byte, char, boolean or an @Size array of one");
                ok = false;
            } else {
                components.add(new StructType.Component(component.getSimpleName().toString(), prim));
            }
        }
        if (!ok) return null;
        StructType struct = StructType.layout(cName(record), binaryName(record), components);
        structs.put(record, struct);
        return struct;
    }

    /** True for the program API's {@code SpinLock} record. */
    static boolean isSpinLock(TypeMirror type) {
        return type instanceof DeclaredType declared && declared.asElement() instanceof TypeElement element
                && element.getQualifiedName().contentEquals(SpinLockType.JAVA_NAME);
    }

    /** The array type of an array component: its element and its {@code @Size}; null after reporting one with no C layout. */
    private ArrayType array(TypeElement record, RecordComponentElement component) {
        String what = "record component '" + component.getSimpleName() + "' of " + record.getSimpleName();
        TypeMirror element = ((javax.lang.model.type.ArrayType) component.asType()).getComponentType();
        Prim prim = JavaTypes.primitive(element.getKind());
        if (prim == null) {
            errors.accept(component, what + " is an array of " + element + ": a map key, value or event is a C struct,"
                    + " whose arrays hold byte, boolean, short, char, int or long");
            return null;
        }
        Integer size = ArrayTypes.size(component);
        if (size == null) {
            errors.accept(component, what + " is an array without @Size: a C struct has arrays of fixed length;"
                    + " annotate it, e.g. @Size(16) " + component.asType() + " " + component.getSimpleName());
            return null;
        }
        if (size <= 0) {
            errors.accept(component, what + " has @Size(" + size + "): an array needs at least one element; give a positive size");
            return null;
        }
        return new ArrayType(prim, size);
    }

    /** The structs used so far, in first-use order. */
    List<StructType> all() {
        return List.copyOf(structs.values());
    }

    /** The record's name after its package with nesting joined by '_': a C identifier unique in the package. */
    private static String cName(TypeElement record) {
        return binaryName(record).substring(packageName(record).isEmpty() ? 0 : packageName(record).length() + 1).replace('$', '_');
    }

    private static String binaryName(TypeElement type) {
        Element enclosing = type.getEnclosingElement();
        if (enclosing.getKind().isClass() || enclosing.getKind().isInterface() || enclosing.getKind() == ElementKind.RECORD
                || enclosing.getKind() == ElementKind.ENUM) {
            return binaryName((TypeElement) enclosing) + "$" + type.getSimpleName();
        }
        return type.getQualifiedName().toString();
    }

    private static String packageName(Element element) {
        while (!(element instanceof PackageElement)) element = element.getEnclosingElement();
        return ((PackageElement) element).getQualifiedName().toString();
    }
}
