package dev.ebpf4j.processor.frontend;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import java.util.Map;

/** The {@code @Size} of a record's array component, read from javac's model (the program's classes are not loaded). */
final class ArrayTypes {
    static final String SIZE = JavaTypes.MAPS + ".Size";

    private ArrayTypes() {
    }

    /** The value of {@code element}'s {@code @Size}, or null if it has none. */
    static Integer size(Element element) {
        for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
            if (!type.getQualifiedName().contentEquals(SIZE)) continue;
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : annotation.getElementValues().entrySet()) {
                if (entry.getKey().getSimpleName().contentEquals("value") && entry.getValue().getValue() instanceof Integer size) {
                    return size;
                }
            }
        }
        return null;
    }
}
