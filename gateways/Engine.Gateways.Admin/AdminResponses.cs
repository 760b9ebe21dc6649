using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.Admin;

/// <summary>How the gateway reads a request's JSON body and writes its JSON answers. Stateless.</summary>
public static class AdminResponses
{
    public static Task Error(HttpContext context, int status, string message) =>
        Json(context, status, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        });

    public static async Task Json(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        await using (buffer.ConfigureAwait(false))
        {
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                write(json);
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The JSON body (an empty body is an empty object); malformed JSON names the line and position. A body over
    /// Kestrel's limit throws <see cref="BadHttpRequestException"/> with 413.
    /// </summary>
    public static async Task<JsonDocument> ReadBody(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return JsonDocument.Parse("{}");
        }

        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            throw new AdminRequestException($"request body: not JSON: {e.Message}");
        }
    }
}
