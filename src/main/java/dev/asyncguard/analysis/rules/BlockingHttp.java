package dev.asyncguard.analysis.rules;

import dev.asyncguard.analysis.Fix;
import dev.asyncguard.analysis.RuleContext;
import dev.asyncguard.analysis.RuleInfo;
import dev.asyncguard.python.ast.Expr;

import java.util.Set;

/** AG202: a synchronous HTTP client call in a coroutine waits for the network on the loop's thread. */
@RuleInfo(code = "AG202", name = "blocking-http", needs = "async",
        inTests = false, inScripts = false,
        summary = "A synchronous HTTP request (requests, urllib, http.client, sync httpx and httpx2, urllib3, boto3 clients) in a coroutine.",
        equivalents = {"ASYNC210", "ASYNC211", "ASYNC212"})
public final class BlockingHttp extends BlockingCallRule {
    private static final Set<String> VERBS = Set.of("get", "post", "put", "patch", "delete", "head", "options",
            "request");
    private static final Set<String> FUNCTIONS = Set.of("urllib.request.urlopen", "urllib.request.urlretrieve",
            "urllib3.request", "httpx.stream", "httpx2.stream");
    private static final Set<String> SESSIONS = Set.of("requests.Session()", "requests.session()",
            "requests.sessions.Session()", "httpx.Client()", "httpx2.Client()");
    private static final Set<String> SESSION_METHODS = Set.of("get", "post", "put", "patch", "delete", "head",
            "options", "request", "send", "stream");
    private static final Set<String> HTTP_CLIENT_CONNECTIONS = Set.of("http.client.HTTPConnection()",
            "http.client.HTTPSConnection()");
    private static final Set<String> HTTP_CLIENT_METHODS = Set.of("request", "getresponse", "connect", "endheaders",
            "send");
    /** Closing a sync client closes its connections (no round trip): LOW, as a sign of the sync client itself. */
    private static final String CLOSE = "close";
    /** urllib3's pools and managers, as built or declared ({@code c: urllib3.PoolManager}), in every module that defines them. */
    private static final Set<String> URLLIB3_POOLS = Set.of("urllib3.PoolManager()", "urllib3.ProxyManager()",
            "urllib3.HTTPConnectionPool()", "urllib3.HTTPSConnectionPool()", "urllib3.connection_from_url()",
            "urllib3.proxy_from_url()", "urllib3.poolmanager.PoolManager()", "urllib3.poolmanager.ProxyManager()",
            "urllib3.poolmanager.proxy_from_url()", "urllib3.connectionpool.ConnectionPool()",
            "urllib3.connectionpool.HTTPConnectionPool()", "urllib3.connectionpool.HTTPSConnectionPool()",
            "urllib3.connectionpool.connection_from_url()", "urllib3.request.RequestMethods()",
            "urllib3._request_methods.RequestMethods()");
    private static final Set<String> URLLIB3_METHODS = Set.of("request", "urlopen", "request_encode_url",
            "request_encode_body");
    /** Methods of a pool that make no request: looking a pool up, comparing hosts, dropping idle pools. */
    private static final Set<String> URLLIB3_LOCAL = Set.of("connection_from_url", "connection_from_host",
            "connection_from_context", "connection_from_pool_key", "is_same_host", "clear");

    /** boto3's low-level clients: each operation (s3.get_object, sqs.send_message, ...) is an HTTPS request to AWS. */
    private static final Set<String> AWS_CLIENTS = Set.of("boto3.client()", "boto3.Session().client()",
            "boto3.session.Session().client()");
    /** Client methods that make no request: signing URLs locally, paginators and waiters (lazy), the client's own parts. */
    private static final Set<String> AWS_LOCAL = Set.of("generate_presigned_url", "generate_presigned_post",
            "get_paginator", "get_waiter", "can_paginate", "close", "meta", "exceptions");

    @Override
    protected Blocking match(Expr.Call call, RuleContext ctx) {
        String name = Calls.qualifiedName(ctx, call);
        if (name != null) {
            int dot = name.lastIndexOf('.');
            String module = dot < 0 ? "" : name.substring(0, dot);
            String function = name.substring(dot + 1);
            if ((module.equals("requests") || module.equals("requests.api") || module.equals("httpx") || module.equals("httpx2"))
                    && VERBS.contains(function)) {
                return Blocking.of(name + "()");
            }
            if (FUNCTIONS.contains(name)) return Blocking.of(name + "()");
            return null;
        }
        String method = Calls.method(call);
        if (method == null || ctx.walk().isAwaited()) return null;
        String receiver = Calls.receiverPath(ctx, call);
        if (receiver == null) return null;
        String what = Calls.shortText(ctx, call.func()) + "() (" + receiver.replace("()", "") + ")";
        if ((SESSIONS.contains(receiver) && SESSION_METHODS.contains(method))
                || (HTTP_CLIENT_CONNECTIONS.contains(receiver) && HTTP_CLIENT_METHODS.contains(method))
                || (URLLIB3_POOLS.contains(receiver) && URLLIB3_METHODS.contains(method))
                || (receiver.equals("urllib.request.build_opener()") && method.equals("open"))) {
            return Blocking.of(what);
        }
        if (AWS_CLIENTS.contains(receiver) && !AWS_LOCAL.contains(method) && !method.startsWith("_")) {
            return Blocking.of(what);
        }
        if (method.equals(CLOSE) && (SESSIONS.contains(receiver) || URLLIB3_POOLS.contains(receiver))) {
            return Blocking.brief(what).ofKind(CLOSE);
        }
        // Another method of a pool: urllib3's own request helpers and subclasses' ones mostly make
        // requests, but not surely: LOW.
        if (URLLIB3_POOLS.contains(receiver) && !URLLIB3_LOCAL.contains(method) && !method.startsWith("_")) {
            return Blocking.brief(what).ofKind(POOL_METHOD);
        }
        return null;
    }

    /** The kind of a pool method that is not known to make a request. */
    private static final String POOL_METHOD = "pool method";

    private static final String USE_ASYNC = "use an async client (aiohttp, httpx.AsyncClient)";

    @Override
    protected String consequence() {
        return "is a synchronous HTTP request that blocks the event loop; " + USE_ASYNC;
    }

    @Override
    protected String consequence(Blocking blocking) {
        if (CLOSE.equals(blocking.kind())) {
            return "closes a synchronous HTTP client in a coroutine: closing makes no request, but the client's "
                    + "requests block the event loop; " + USE_ASYNC;
        }
        if (POOL_METHOD.equals(blocking.kind())) {
            return "is a method of a synchronous urllib3 pool, which may make a request that blocks the event loop; "
                    + USE_ASYNC;
        }
        return consequence();
    }

    @Override
    protected Fix displayFix() {
        return Fix.display("Use an async HTTP client",
                "async with httpx.AsyncClient() as client:\n    response = await client.get(url)");
    }
}
