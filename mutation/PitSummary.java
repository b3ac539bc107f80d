import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Merges PIT's mutations.xml reports (one per scheduling mode) and prints, per class and in total,
 * how many mutants were killed outright (a test failed) and how many were detected at all (killed,
 * or the tests timed out or crashed). A mutant counts with the best result any report gives it:
 * each mode runs only its own carrier's code, and both modes' code paths count.
 *
 * <pre>java mutation/PitSummary.java [--survivors] report.xml...</pre>
 */
public class PitSummary {
    /** Best first: a mutant takes the lowest rank any report gives it. */
    private static final List<String> RANK = List.of(
            "KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR", "SURVIVED", "NO_COVERAGE", "NON_VIABLE");

    record Mutant(String className, int line, String method, String description, String status) {
    }

    public static void main(String[] args) throws Exception {
        boolean survivors = false;
        Map<String, Mutant> best = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--survivors")) {
                survivors = true;
                continue;
            }
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File(arg))
                    .getElementsByTagName("mutation");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element m = (Element) nodes.item(i);
                Mutant mutant = new Mutant(text(m, "mutatedClass"), Integer.parseInt(text(m, "lineNumber")),
                        text(m, "mutatedMethod"), text(m, "description"), m.getAttribute("status"));
                String key = mutant.className + '|' + text(m, "methodDescription") + '|' + mutant.method + '|'
                        + text(m, "mutator") + '|' + text(m, "indexes") + '|' + mutant.line;
                best.merge(key, mutant, (a, b) -> RANK.indexOf(a.status) <= RANK.indexOf(b.status) ? a : b);
            }
        }
        Map<String, int[]> byClass = new TreeMap<>();
        Map<String, int[]> byPart = new TreeMap<>();
        List<Mutant> alive = new ArrayList<>();
        for (Mutant m : best.values()) {
            int rank = RANK.indexOf(m.status);
            String simple = m.className.substring(m.className.lastIndexOf('.') + 1).replaceAll("\\$.*", "");
            String part = m.className.startsWith("org.triojava.core.") ? "trio-core" : "trio-api primitives";
            for (int[] counts : List.of(byClass.computeIfAbsent(part + " " + simple, k -> new int[3]),
                    byPart.computeIfAbsent(part, k -> new int[3]))) {
                counts[0]++;
                counts[1] += rank == 0 ? 1 : 0;
                counts[2] += rank >= 0 && rank <= 3 ? 1 : 0;
            }
            if (rank != 0) {
                alive.add(m);
            }
        }
        System.out.printf("%-44s %7s %16s %16s%n", "", "mutants", "killed outright", "detected");
        byPart.forEach((name, c) -> row(name, c));
        System.out.println();
        byClass.forEach((name, c) -> {
            if (c[1] < c[0]) {
                row(name, c);
            }
        });
        if (survivors) {
            System.out.println();
            alive.sort((a, b) -> a.className.equals(b.className) ? Integer.compare(a.line, b.line)
                    : a.className.compareTo(b.className));
            for (Mutant m : alive) {
                System.out.printf("%-11s %s:%d %s: %s%n", m.status, m.className.replace("org.triojava.", ""),
                        m.line, m.method, m.description);
            }
        }
    }

    private static void row(String name, int[] c) {
        System.out.printf("%-44s %7d %7d %6.1f%% %7d %6.1f%%%n", name, c[0], c[1], 100.0 * c[1] / c[0], c[2],
                100.0 * c[2] / c[0]);
    }

    private static String text(Element m, String tag) {
        NodeList list = m.getElementsByTagName(tag);
        return list.getLength() == 0 ? "" : list.item(0).getTextContent();
    }
}
