package dev.ebpf4j.program.maps;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Where an in-memory map was declared: the static field it initialises, its {@link MapDef} and its
 * key and value classes. Found on first use, because a map is constructed before the field that
 * holds it is assigned.
 */
final class Declaration {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final Class<?> owner;
    private Field field;
    private MapDef def;
    private Class<?> keyType;
    private Class<?> valueType;

    private Declaration(Class<?> owner) {
        this.owner = owner;
    }

    /** The declaration of a map being constructed: its owner is the first caller that is not a map class. */
    static Declaration ofCaller() {
        Class<?> owner = WALKER.walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> c != Declaration.class && !InMemoryMap.class.isAssignableFrom(c) && c != BpfRingBuffer.class
                        && c != BpfLpmTrie.class)
                .findFirst()
                .orElseThrow());
        return new Declaration(owner);
    }

    synchronized void resolve(Object map) {
        if (field != null) return;
        for (Field candidate : owner.getDeclaredFields()) {
            if (!Modifier.isStatic(candidate.getModifiers())) continue;
            if (!EbpfMap.class.isAssignableFrom(candidate.getType())
                    && !BpfRingBuffer.class.isAssignableFrom(candidate.getType())
                    && !LpmTrie.class.isAssignableFrom(candidate.getType())) continue;
            candidate.setAccessible(true);
            Object value;
            try {
                value = candidate.get(null);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(owner.getName() + "." + candidate.getName() + ": cannot be read: " + e.getMessage(), e);
            }
            if (value != map) continue;
            MapDef found = candidate.getAnnotation(MapDef.class);
            if (found == null) {
                throw new IllegalStateException(owner.getName() + "." + candidate.getName()
                        + ": a map field needs @MapDef(maxEntries = ...)");
            }
            Type[] arguments = candidate.getGenericType() instanceof ParameterizedType p
                    ? p.getActualTypeArguments() : new Type[0];
            keyType = arguments.length == 2 ? raw(arguments[0]) : Integer.class;
            valueType = raw(arguments[arguments.length - 1]);
            def = found;
            field = candidate;
            return;
        }
        throw new IllegalStateException("a " + map.getClass().getSimpleName() + " created by " + owner.getName()
                + " is not the value of a static field of it: declare maps as static final fields with @MapDef");
    }

    private Class<?> raw(Type type) {
        if (type instanceof Class<?> c) return c;
        if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
        throw new IllegalStateException(owner.getName() + "." + field + ": map key and value types must be concrete classes, not " + type);
    }

    int maxEntries() {
        return def.maxEntries();
    }

    Class<?> keyType() {
        return keyType;
    }

    Class<?> valueType() {
        return valueType;
    }

    String name() {
        return owner.getSimpleName() + "." + field.getName();
    }
}
