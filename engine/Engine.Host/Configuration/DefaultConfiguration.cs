using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Host;

/// <summary>
/// The configuration shipped inside the engine (the repository's config/*.json, embedded at build time), so the demo
/// runs from the binaries alone. <see cref="WriteTo"/> writes it into a folder with the journal and transport
/// pointed where the caller wants them.
/// </summary>
public static class DefaultConfiguration
{
    public static readonly string[] FileNames = ["engine.json", "instruments.json", "risk.json"];

    /// <summary>Writes the three files into <paramref name="folder"/>; returns the path of engine.json.</summary>
    public static string WriteTo(string folder, string journalDirectory, string transportName, string? transportDirectory = null)
    {
        Directory.CreateDirectory(folder);
        foreach (string name in FileNames)
        {
            string text = Read(name);
            if (name == "engine.json")
            {
                JsonNode root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
                root["journal"]!["directory"] = Path.GetRelativePath(folder, journalDirectory);
                root["transport"]!["name"] = transportName;
                if (transportDirectory is not null)
                {
                    root["transport"]!["directory"] = transportDirectory;
                }

                text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            }

            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return Path.Combine(folder, "engine.json");
    }

    public static string Read(string name)
    {
        using Stream stream = typeof(DefaultConfiguration).Assembly.GetManifestResourceStream("config/" + name)
            ?? throw new InvalidOperationException($"the engine was built without its default config/{name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
