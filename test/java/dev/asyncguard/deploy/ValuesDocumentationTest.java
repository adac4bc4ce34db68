package dev.asyncguard.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** values.yaml is the chart's reference: every key carries a comment on the line above it. */
class ValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][\\w.-]*):");

    /** Keys (as dotted paths) with no comment directly above; entries of example lists are exempt. */
    static List<String> undocumentedKeys(List<String> lines) {
        List<String> undocumented = new ArrayList<>();
        List<String> path = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        int listItemIndent = -1;
        String previous = "";
        for (String line : lines) {
            String stripped = line.strip();
            int indent = line.length() - line.stripLeading().length();
            if (stripped.startsWith("- ")) {
                listItemIndent = indent + 2;
            } else if (listItemIndent >= 0 && indent < listItemIndent && !stripped.isEmpty()) {
                listItemIndent = -1;
            }
            Matcher key = KEY.matcher(line);
            if (key.find() && listItemIndent < 0) {
                while (!indents.isEmpty() && indents.getLast() >= indent) {
                    indents.removeLast();
                    path.removeLast();
                }
                indents.add(indent);
                path.add(key.group(2));
                if (!previous.startsWith("#") && !stripped.contains(" # ")) {
                    undocumented.add(String.join(".", path));
                }
            }
            if (!stripped.isEmpty()) {
                previous = stripped;
            }
        }
        return undocumented;
    }

    @Test
    void everyKeyIsCommented() throws IOException {
        List<String> lines = Files.readAllLines(RenderedChart.CHART.resolve("values.yaml"));

        assertEquals(List.of(), undocumentedKeys(lines));
    }

    @Test
    void findsAnUncommentedNestedKeyAndSkipsListEntries() {
        List<String> lines = List.of(
                "# -- a",
                "a:",
                "  # -- b",
                "  b: 1",
                "  c: 2",
                "  # -- d",
                "  d:",
                "    - name: x",
                "      value: y",
                "e: 3");

        assertEquals(List.of("a.c", "e"), undocumentedKeys(lines));
    }
}
