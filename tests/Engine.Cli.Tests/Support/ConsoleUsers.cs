using Engine.Gateways.Admin.Users;

namespace Engine.Cli.Tests.Support;

/// <summary>A users file with one user of each role (password: NAME + "-password!"), and an API token for each.</summary>
internal sealed class ConsoleUsers
{
    private ConsoleUsers(string path, IReadOnlyDictionary<string, string> tokens)
    {
        Path = path;
        Tokens = tokens;
    }

    public string Path { get; }

    /// <summary>The API token of each user, by name.</summary>
    public IReadOnlyDictionary<string, string> Tokens { get; }

    public static string PasswordOf(string name) => name + "-password!";

    public static ConsoleUsers Write(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        UsersFile file = UsersFile.Empty;
        var tokens = new Dictionary<string, string>();
        foreach ((string name, AdminRole role) in new[] { ("vera", AdminRole.Viewer), ("otto", AdminRole.Operator), ("ada", AdminRole.Admin) })
        {
            file = file.Add(name, role, UserCredentials.HashPassword(PasswordOf(name)));
            (string token, string hash) = UserCredentials.NewToken();
            file = file.Replace(file.Find(name)! with { TokenHash = hash });
            tokens[name] = token;
        }

        string path = System.IO.Path.Combine(directory, "users.json");
        file.Save(path);
        return new ConsoleUsers(path, tokens);
    }

    public uint PrincipalOf(string name) => UsersFile.Load(Path).Find(name)!.Principal;
}
