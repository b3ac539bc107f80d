package org.triojava.spi;

/**
 * How a task (or worker thread) is named when no name is given: after the class of the function
 * it runs, with a lambda named after the class that wrote it (Trio names tasks after the
 * function's qualified name).
 */
public final class TaskNames {
    private static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            String name = type.getName();
            int lambda = name.indexOf("$$Lambda");
            return lambda >= 0 ? name.substring(0, lambda) : name;
        }
    };

    private TaskNames() {
    }

    /** The default name for a task running {@code function} (one shared string per class). */
    public static String of(Object function) {
        return NAMES.get(function.getClass());
    }
}
