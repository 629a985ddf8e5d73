package dev.ebpf4j.program.maps;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which record component a {@link RecordField} names, and a record with that component updated.
 * The component is read from the method reference's serialized form (its implementation method
 * must be the accessor itself); the same rules as the compiler's: an
 * {@code int} or {@code long} component of the map's value record.
 */
final class RecordFields {
    private RecordFields() {
    }

    /**
     * Per class of reference (one per method reference in the source: the reference captures
     * nothing), the component it names in each record type: serializing it is slow, and a map
     * updated in a test's loop asks every time.
     */
    private static final ClassValue<Map<Class<?>, RecordComponent>> RESOLVED = new ClassValue<>() {
        @Override
        protected Map<Class<?>, RecordComponent> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** The component of {@code recordType} that {@code field} names. */
    static RecordComponent component(Class<?> recordType, RecordField<?> field, String map) {
        InMemoryMap.required(field, "field");
        RecordComponent known = RESOLVED.get(field.getClass()).get(recordType);
        if (known != null) return known;
        RecordComponent found = resolve(recordType, field, map);
        RESOLVED.get(field.getClass()).put(recordType, found);
        return found;
    }

    private static RecordComponent resolve(Class<?> recordType, RecordField<?> field, String map) {
        if (!recordType.isRecord()) {
            throw new IllegalArgumentException(map + " holds " + recordType.getSimpleName() + ", not a record: update"
                    + " a counter value with increment(key, delta)");
        }
        SerializedLambda lambda = serialized(field, map);
        String name = lambda.getImplMethodName();
        boolean accessor = lambda.getImplMethodKind() == MethodHandleInfo.REF_invokeVirtual
                && lambda.getImplClass().equals(recordType.getName().replace('.', '/'));
        RecordComponent found = null;
        if (accessor) {
            for (RecordComponent component : recordType.getRecordComponents()) {
                if (component.getName().equals(name) && lambda.getImplMethodSignature().startsWith("()")) found = component;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(map + ": the field must be a method reference to a component of "
                    + recordType.getSimpleName() + " (" + recordType.getSimpleName() + "::" + firstComponent(recordType)
                    + "), not " + (name.startsWith("lambda$") ? "a lambda" : "a reference to " + name));
        }
        Class<?> type = found.getType();
        if (type != int.class && type != long.class) {
            throw new IllegalArgumentException(map + ": " + recordType.getSimpleName() + "." + found.getName() + " is a "
                    + type.getSimpleName() + ": the kernel updates int and long fields in place; declare it int or long");
        }
        return found;
    }

    /** {@code record} with {@code component} set to {@code op(value, operand)} in the component's width. */
    static Object updated(Object record, RecordComponent component, FieldOp op, long operand) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.trySetAccessible();
                values[i] = accessor.invoke(record);
                types[i] = components[i].getType();
                if (components[i].getName().equals(component.getName())) {
                    long result = op.apply(((Number) values[i]).longValue(), operand);
                    values[i] = types[i] == int.class ? (Object) (int) result : (Object) result;
                }
            }
            Constructor<?> constructor = record.getClass().getDeclaredConstructor(types);
            constructor.trySetAccessible();
            return constructor.newInstance(values);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(record.getClass().getName() + ": cannot rebuild it with "
                    + component.getName() + " updated: " + e, e);
        }
    }

    /**
     * The serialized form of {@code field}, caught on its way into a stream that writes nowhere: the
     * serialization machinery may call the lambda class's private {@code writeReplace}, which
     * reflection could not from here when the program's module does not open its package.
     */
    private static SerializedLambda serialized(RecordField<?> field, String map) {
        SerializedLambda[] caught = new SerializedLambda[1];
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream()) {
            {
                enableReplaceObject(true);
            }

            @Override
            protected Object replaceObject(Object object) {
                if (object instanceof SerializedLambda lambda && caught[0] == null) caught[0] = lambda;
                return object;
            }
        }) {
            out.writeObject(field);
        } catch (IOException e) {
            // a lambda that captured something not serializable: its form was caught before that
        }
        if (caught[0] == null) {
            throw new IllegalArgumentException(map + ": the field must be a method reference to a record component"
                    + " (FlowStats::bytes), not " + field.getClass().getName());
        }
        return caught[0];
    }

    private static String firstComponent(Class<?> recordType) {
        for (RecordComponent component : recordType.getRecordComponents()) {
            if (component.getType() == int.class || component.getType() == long.class) return component.getName();
        }
        return "count";
    }
}
