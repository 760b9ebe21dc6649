using System.Security.Cryptography;

namespace Engine.Cli.Data;

/// <summary>One input file of an import as the manifest records it: its name, full path, size and SHA-256 (hex).</summary>
public sealed record SourceFile(string Name, string Path, long Bytes, string Sha256)
{
    public static SourceFile Of(string path)
    {
        var info = new FileInfo(path);
        using FileStream stream = info.OpenRead();
        string hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        return new SourceFile(info.Name, info.FullName, info.Length, hash);
    }

    /// <summary>The same content: size and hash (where the file lies does not matter).</summary>
    public bool SameContent(SourceFile other) => other is not null && Bytes == other.Bytes && Sha256 == other.Sha256;
}
