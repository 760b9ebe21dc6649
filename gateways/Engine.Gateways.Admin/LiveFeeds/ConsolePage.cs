using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.Admin.LiveFeeds;

/// <summary>
/// The console's web page: plain HTML, CSS and JavaScript embedded in this assembly (wwwroot/, logical names
/// <c>console/FILE</c>), served at <c>/</c> and <c>/console/FILE</c> to anyone (the page asks for a login; every
/// request it makes is checked). A strict Content-Security-Policy allows only this origin's scripts and connections,
/// and no framing. Stateless.
/// </summary>
public static class ConsolePage
{
    private const string Policy = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static Task Index(HttpContext context) => Serve(context, "index.html");

    public static Task File(HttpContext context) => Serve(context, (string)context.Request.RouteValues["file"]!);

    private static async Task Serve(HttpContext context, string file)
    {
        string? type = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => null,
        };
        using Stream? content = type is null ? null : typeof(ConsolePage).Assembly.GetManifestResourceStream("console/" + file);
        if (content is null)
        {
            await AdminResponses.Error(context, StatusCodes.Status404NotFound, $"no such file: {context.Request.Path}").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = type;
        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers.CacheControl = "no-cache";
        await content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
