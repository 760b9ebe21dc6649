using System.Text;
using System.Text.Json;

namespace Engine.Gateways.Venues.OrderEntry;

/// <summary>
/// A venue account's API key and secret, read from environment variables or from a file readable by its owner only
/// (mode 0600 or stricter), a JSON object <c>{"apiKey": "...", "secret": "..."}</c>. Nothing here ever puts either
/// value in an exception, a log line or a string it returns: errors name the file, the variable or the field, and what
/// is wrong. The secret is held as bytes, handed to the signer once and cleared by <see cref="Dispose"/>.
/// </summary>
public sealed class VenueCredentials : IDisposable
{
    private readonly byte[] _secret;

    private VenueCredentials(string apiKey, byte[] secret, string source)
    {
        ApiKey = apiKey;
        _secret = secret;
        Source = source;
    }

    public string ApiKey { get; }

    /// <summary>Where they came from, for the log (a path or variable names, never a value).</summary>
    public string Source { get; }

    public ReadOnlySpan<byte> Secret => _secret;

    /// <summary>
    /// From <paramref name="file"/> when given, else from the variables <paramref name="apiKeyVariable"/> and
    /// <paramref name="secretVariable"/>. Throws <see cref="VenueCredentialsException"/> naming what is missing or wrong.
    /// </summary>
    public static VenueCredentials Load(string? file, string apiKeyVariable, string secretVariable)
    {
        if (file is not null)
        {
            return FromFile(file);
        }

        string? key = Environment.GetEnvironmentVariable(apiKeyVariable);
        string? secret = Environment.GetEnvironmentVariable(secretVariable);
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
        {
            throw new VenueCredentialsException($"no venue credentials: set the environment variables {apiKeyVariable} and {secretVariable}, or name a credentials file (mode 0600) holding {{\"apiKey\": ..., \"secret\": ...}}");
        }

        return Checked(key, Encoding.ASCII.GetBytes(secret), $"environment variables {apiKeyVariable} and {secretVariable}");
    }

    public static VenueCredentials FromFile(string file)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        string path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new VenueCredentialsException($"credentials file {path} does not exist");
        }

        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & Others) != 0)
            {
                throw new VenueCredentialsException($"credentials file {path} is readable or writable by others (mode {Convert.ToString((int)mode, 8)}): make it readable by its owner only (chmod 600 {path})");
            }
        }

        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            string? key = null;
            string? secret = null;
            var reader = new Utf8JsonReader(bytes);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Malformed(path);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isKey = reader.ValueTextEquals("apiKey"u8);
                bool isSecret = reader.ValueTextEquals("secret"u8);
                if (!reader.Read())
                {
                    throw Malformed(path);
                }

                if ((isKey || isSecret) && reader.TokenType != JsonTokenType.String)
                {
                    throw new VenueCredentialsException($"credentials file {path}: \"{(isKey ? "apiKey" : "secret")}\" must be a string");
                }

                if (isKey)
                {
                    key = reader.GetString();
                }
                else if (isSecret)
                {
                    secret = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret))
            {
                throw new VenueCredentialsException($"credentials file {path} must hold a JSON object with the strings \"apiKey\" and \"secret\"");
            }

            return Checked(key, Encoding.ASCII.GetBytes(secret), $"file {path}");
        }
        catch (JsonException)
        {
            // JsonException's message can quote the text it choked on: never pass it on.
            throw Malformed(path);
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    public void Dispose() => Array.Clear(_secret);

    /// <summary>Never the values.</summary>
    public override string ToString() => $"venue credentials from {Source}";

    private static VenueCredentials Checked(string key, byte[] secret, string source)
    {
        if (!key.All(char.IsAsciiLetterOrDigit))
        {
            throw new VenueCredentialsException($"the API key from {source} must be ASCII letters and digits ({key.Length} characters given)");
        }

        return new VenueCredentials(key, secret, source);
    }

    private static VenueCredentialsException Malformed(string path) =>
        new($"credentials file {path} is not a JSON object {{\"apiKey\": \"...\", \"secret\": \"...\"}}");
}
