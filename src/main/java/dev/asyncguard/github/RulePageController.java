package dev.asyncguard.github;

import dev.asyncguard.review.RuleDocs;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * {@code GET /rules/AG201}: the rule's page, rendered as HTML from the same {@code docs/rules}
 * Markdown that review comments quote, so that links in comments lead somewhere when the App's
 * public URL is set. The pages are static text from the jar: publicly cacheable, no secret or
 * setting in them, and nothing of the request is ever echoed (an unknown or malformed path gets
 * the same fixed 404).
 */
@Controller("/rules")
public class RulePageController {
    private static final String CACHE = "public, max-age=3600";
    /** Our own Markdown, but rendered with raw HTML escaped all the same. */
    private static final Parser MARKDOWN = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private final Map<String, String> rendered = new ConcurrentHashMap<>();

    @Get(uri = "/{+path}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> page(String path) {
        Optional<RuleDocs.RuleDoc> doc = RuleDocs.builtIn().of(path);
        if (doc.isEmpty()) {
            return secured(HttpResponse.<String>status(HttpStatus.NOT_FOUND)
                    .body(html("Not found", "<h1>Not found</h1>\n<p>There is no asyncguard rule page here.</p>\n")));
        }
        String body = rendered.computeIfAbsent(doc.get().code(), code -> html(doc.get().title(),
                HTML.render(MARKDOWN.parse(doc.get().markdown()))));
        return secured(HttpResponse.ok(body).header("Cache-Control", CACHE));
    }

    private static MutableHttpResponse<String> secured(MutableHttpResponse<String> r) {
        return r.contentType("text/html; charset=utf-8")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    }

    private static String html(String title, String content) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + " · asyncguard</title>\n"
                + "<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;"
                + "line-height:1.5}pre{background:#f6f8fa;padding:1rem;overflow:auto}code{font-size:90%}</style>\n"
                + "</head>\n<body>\n" + content + "</body>\n</html>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
