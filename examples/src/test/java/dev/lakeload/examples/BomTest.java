package dev.lakeload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM embedders import stays true to the build: it has the project's version and manages every library module
 * of the reactor (all but itself and these examples), each at that version.
 */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theBomManagesEveryModuleAtTheProjectVersion() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        Document bom = read(ROOT.resolve("etl-bom/pom.xml"));
        String version = child(parent.getDocumentElement(), "version");

        List<String> modules = new ArrayList<>(texts(parent.getElementsByTagName("module")));
        // bench/jmh, a module of the jmh profile only, holds benchmarks, not a library.
        modules.removeAll(List.of("etl-bom", "examples", "bench/jmh"));
        List<String> managed = new ArrayList<>();
        NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertThat(child(dependency, "groupId")).isEqualTo("dev.lakeload");
            assertThat(child(dependency, "version")).isEqualTo("${project.version}");
            managed.add(child(dependency, "artifactId"));
        }

        assertThat(child(bom.getDocumentElement(), "version")).as("etl-bom's version").isEqualTo(version);
        assertThat(managed).containsExactlyInAnyOrderElementsOf(modules);
    }

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String child(Element element, String name) {
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && child.getTagName().equals(name)) {
                return child.getTextContent().trim();
            }
        }
        return null;
    }

    private static List<String> texts(NodeList nodes) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }
}
