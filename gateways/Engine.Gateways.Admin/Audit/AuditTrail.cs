using System.Globalization;
using System.Text;
using Engine.Gateways.Admin.Users;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.Admin.Audit;

/// <summary>
/// GET /api/audit: every admin input in the journal (who, when, what, result), newest first, from the source the
/// gateway was given (the command line's replays the journal: results are the engine's own, regenerated
/// deterministically). Filters: <c>user</c> (name or principal id), <c>command</c>, <c>result</c> (applied | refused),
/// each a case-insensitive substring; <c>format=csv</c> for a CSV export. Who is the user's name from the users file
/// where the principal is a user's, else <c>principal N</c>. Stateless apart from its source.
/// </summary>
public sealed class AuditTrail(Func<IReadOnlyList<AuditEntry>>? source, Func<UsersFile?> users)
{
    public async Task Handle(HttpContext context)
    {
        if (source is null)
        {
            await AdminResponses.Error(context, StatusCodes.Status404NotFound, "this gateway was started without the engine's journal, so it has no audit trail (engine gateway admin --config gives it)").ConfigureAwait(false);
            return;
        }

        IReadOnlyList<AuditEntry> entries;
        try
        {
            entries = source();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or AuditTrailException)
        {
            await AdminResponses.Error(context, StatusCodes.Status503ServiceUnavailable, "the audit trail cannot be read now: " + e.Message).ConfigureAwait(false);
            return;
        }

        UsersFile? known = users();
        string user = context.Request.Query["user"].ToString();
        string command = context.Request.Query["command"].ToString();
        string result = context.Request.Query["result"].ToString();
        var rows = new List<(AuditEntry Entry, string Who)>();
        for (int i = entries.Count - 1; i >= 0; i--)
        {
            AuditEntry entry = entries[i];
            string who = Who(entry.Principal, known);
            if (Matches(who, user) && Matches(entry.Command, command) && Matches(entry.Result == "applied" ? "applied" : "refused " + entry.Result, result))
            {
                rows.Add((entry, who));
            }
        }

        if (context.Request.Query["format"] == "csv")
        {
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=audit-trail.csv";
            var csv = new StringBuilder("sequence,time,user,principal,command,result,reason,affected\n");
            foreach ((AuditEntry e, string who) in rows)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{e.Sequence},{e.Time},{Csv(who)},{e.Principal},{Csv(e.Command)},{Csv(e.Result)},{Csv(e.Reason)},{e.Affected}\n");
            }

            await context.Response.WriteAsync(csv.ToString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await AdminResponses.Json(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("count", rows.Count);
            json.WriteStartArray("entries");
            foreach ((AuditEntry e, string who) in rows)
            {
                json.WriteStartObject();
                json.WriteNumber("sequence", e.Sequence);
                json.WriteString("time", e.Time);
                json.WriteString("user", who);
                json.WriteNumber("principal", e.Principal);
                json.WriteString("command", e.Command);
                json.WriteString("result", e.Result);
                json.WriteString("reason", e.Reason);
                json.WriteNumber("affected", e.Affected);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static string Who(uint principal, UsersFile? users) =>
        users?.NameOfPrincipal(principal) ?? (principal == 0 ? "unnamed (CancelAll names no principal)" : "principal " + principal.ToString(CultureInfo.InvariantCulture));

    private static bool Matches(string value, string filter) => filter.Length == 0 || value.Contains(filter, StringComparison.OrdinalIgnoreCase);

    /// <summary>A CSV field, quoted when it must be; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula.</summary>
    private static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>The audit trail's source failed (the journal could not be replayed); the message says why.</summary>
public sealed class AuditTrailException(string message) : Exception(message);
