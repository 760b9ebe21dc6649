using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engine.Gateways.Admin.Users;

/// <summary>
/// The admin gateway's users file (JSON): who may log in, with which role, their salted password hashes and API token
/// hashes, and the next principal id to give. Written whole to a temporary file and renamed over the old one (never
/// half-written), readable by its owner only. Immutable: every change returns a new instance to <see cref="Save"/>.
/// <code>
///   { "version": 1, "nextPrincipal": 102,
///     "users": [ { "name": "alice", "role": "operator", "principal": 100, "passwordHash": "AQAAAAIAAYagAAAAE...", "tokenHash": null } ],
///     "retired": [ { "name": "bob", "principal": 101 } ] }
/// </code>
/// </summary>
public sealed class UsersFile
{
    /// <summary>Principal ids below this are left to the gateways' own <c>--principal</c> (services, scripts).</summary>
    public const uint FirstPrincipal = 100;

    private const int FormatVersion = 1;

    private UsersFile(IReadOnlyList<AdminUser> users, uint nextPrincipal, IReadOnlyList<(string Name, uint Principal)>? retired = null)
    {
        Users = users;
        NextPrincipal = nextPrincipal;
        Retired = retired ?? [];
    }

    public static UsersFile Empty { get; } = new([], FirstPrincipal);

    public IReadOnlyList<AdminUser> Users { get; }

    /// <summary>Removed users' names and principals: the journal keeps their principal ids, the audit trail their names.</summary>
    public IReadOnlyList<(string Name, uint Principal)> Retired { get; }

    public uint NextPrincipal { get; }

    /// <summary>A user name: 1 to 64 of letters, digits, '.', '_', '-' (it appears in logs, CSV and the audit trail).</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public AdminUser? Find(string name)
    {
        foreach (AdminUser user in Users)
        {
            if (string.Equals(user.Name, name, StringComparison.Ordinal))
            {
                return user;
            }
        }

        return null;
    }

    public AdminUser? FindByPrincipal(uint principal)
    {
        foreach (AdminUser user in Users)
        {
            if (user.Principal == principal)
            {
                return user;
            }
        }

        return null;
    }

    /// <summary>The name of the user (current or removed) a principal id was given to; null when none.</summary>
    public string? NameOfPrincipal(uint principal)
    {
        if (FindByPrincipal(principal) is { } user)
        {
            return user.Name;
        }

        foreach ((string name, uint id) in Retired)
        {
            if (id == principal)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>Adds a user with the next principal id; a name already present is an error.</summary>
    public UsersFile Add(string name, AdminRole role, string passwordHash)
    {
        if (Find(name) is not null)
        {
            throw new UsersFileException($"user '{name}' already exists (use passwd to change the password, or remove it first)");
        }

        var users = new List<AdminUser>(Users) { new(name, role, NextPrincipal, passwordHash, null) };
        return new UsersFile(users, NextPrincipal + 1, Retired);
    }

    public UsersFile Remove(string name)
    {
        AdminUser? removed = Find(name);
        var retired = new List<(string, uint)>(Retired);
        if (removed is not null)
        {
            retired.Add((removed.Name, removed.Principal));
        }

        return new UsersFile(Users.Where(u => u.Name != name).ToList(), NextPrincipal, retired);
    }

    public UsersFile Replace(AdminUser user) =>
        new(Users.Select(u => u.Name == user.Name ? user : u).ToList(), NextPrincipal, Retired);

    public static UsersFile Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsersFileException($"users file {path}: cannot read it: {e.Message}");
        }

        return Parse(bytes, path);
    }

    public static UsersFile Parse(ReadOnlySpan<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new UsersFileException($"users file {source}: not JSON: {e.Message}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(source, "$", "must be an object");
            }

            int version = RequireInt(root, source, "$", "version");
            if (version != FormatVersion)
            {
                throw Error(source, "$.version", $"{version} is not a version this gateway reads ({FormatVersion})");
            }

            uint next = (uint)RequireInt(root, source, "$", "nextPrincipal");
            if (!root.TryGetProperty("users", out JsonElement array) || array.ValueKind != JsonValueKind.Array)
            {
                throw Error(source, "$.users", "must be an array");
            }

            var users = new List<AdminUser>();
            int index = 0;
            foreach (JsonElement entry in array.EnumerateArray())
            {
                string at = $"$.users[{index}]";
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw Error(source, at, "must be an object");
                }

                string name = RequireString(entry, source, at, "name");
                if (!IsValidName(name))
                {
                    throw Error(source, at + ".name", $"'{name}' is not a valid user name (1 to 64 letters, digits, '.', '_', '-')");
                }

                string roleName = RequireString(entry, source, at, "role");
                if (!AdminRoles.TryParse(roleName, out AdminRole role))
                {
                    throw Error(source, at + ".role", $"'{roleName}' is not one of {AdminRoles.Names}");
                }

                uint principal = (uint)RequireInt(entry, source, at, "principal");
                if (principal < FirstPrincipal || principal >= next)
                {
                    throw Error(source, at + ".principal", $"{principal} is outside [{FirstPrincipal}, nextPrincipal {next})");
                }

                string hash = RequireString(entry, source, at, "passwordHash");
                string? token = entry.TryGetProperty("tokenHash", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (users.Any(u => u.Name == name))
                {
                    throw Error(source, at + ".name", $"'{name}' appears twice");
                }

                if (users.Any(u => u.Principal == principal))
                {
                    throw Error(source, at + ".principal", $"{principal} is given to two users");
                }

                users.Add(new AdminUser(name, role, principal, hash, token));
                index++;
            }

            var retired = new List<(string, uint)>();
            if (root.TryGetProperty("retired", out JsonElement gone) && gone.ValueKind == JsonValueKind.Array)
            {
                int at = 0;
                foreach (JsonElement entry in gone.EnumerateArray())
                {
                    string where = $"$.retired[{at++}]";
                    retired.Add((RequireString(entry, source, where, "name"), (uint)RequireInt(entry, source, where, "principal")));
                }
            }

            return new UsersFile(users, next, retired);
        }
    }

    /// <summary>Writes the file whole (temporary file, then rename), owner read/write only on Unix.</summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        string temporary = full + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Serialize());
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new UsersFileException($"users file {full}: cannot write it: {e.Message}");
        }
    }

    public byte[] Serialize()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteNumber("nextPrincipal", NextPrincipal);
            json.WriteStartArray("users");
            foreach (AdminUser user in Users)
            {
                json.WriteStartObject();
                json.WriteString("name", user.Name);
                json.WriteString("role", AdminRoles.NameOf(user.Role));
                json.WriteNumber("principal", user.Principal);
                json.WriteString("passwordHash", user.PasswordHash);
                if (user.TokenHash is null)
                {
                    json.WriteNull("tokenHash");
                }
                else
                {
                    json.WriteString("tokenHash", user.TokenHash);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("retired");
            foreach ((string name, uint principal) in Retired)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteNumber("principal", principal);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.Write(Encoding.UTF8.GetBytes(Environment.NewLine));
        return buffer.ToArray();
    }

    private static string RequireString(JsonElement owner, string source, string at, string key) =>
        owner.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Error(source, at + "." + key, "must be a non-empty string");

    private static int RequireInt(JsonElement owner, string source, string at, string key) =>
        owner.TryGetProperty(key, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) && number >= 0
            ? number
            : throw Error(source, at + "." + key, "must be a non-negative integer");

    private static UsersFileException Error(string source, string at, string problem) => new($"users file {source}: {at}: {problem}");
}
