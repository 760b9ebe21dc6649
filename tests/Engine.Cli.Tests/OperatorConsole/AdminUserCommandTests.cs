using System.CommandLine;
using System.Text.Json;
using Engine.Cli.Commands;
using Engine.Gateways.Admin.Users;

namespace Engine.Cli.Tests.OperatorConsole;

/// <summary>
/// <c>engine admin user add|remove|passwd|token</c> on a real users file: the password comes from standard input and
/// only its salted PBKDF2 hash is kept; tokens are shown once and kept hashed; principal ids are never reused.
/// </summary>
[TestFixture]
public sealed class AdminUserCommandTests
{
    private string _directory = null!;
    private string _file = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-admin-users-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _file = Path.Combine(_directory, "users.json");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Add_keeps_a_salted_hash_of_the_password_read_from_standard_input_never_the_password()
    {
        (int code, string output, string error) = Run("correct horse battery\n", "add", "--name", "alice", "--role", "operator");

        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("user alice added as operator (principal 100)"));
        string text = File.ReadAllText(_file);
        Assert.That(text, Does.Not.Contain("correct horse battery"));
        AdminUser alice = UsersFile.Load(_file).Find("alice")!;
        Assert.That(UserCredentials.VerifyPassword(alice, "correct horse battery"), Is.True);
        Assert.That(UserCredentials.VerifyPassword(alice, "wrong horse battery"), Is.False);
        Assert.That(Run("correct horse battery\n", "add", "--name", "bob", "--role", "viewer").Code, Is.Zero);
        Assert.That(UsersFile.Load(_file).Find("bob")!.PasswordHash, Is.Not.EqualTo(alice.PasswordHash), "each hash has its own salt");
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(_file), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }

    [Test]
    public void Passwd_changes_the_password_and_token_prints_a_token_only_its_hash_is_kept()
    {
        Run("first-password-1\n", "add", "--name", "alice", "--role", "admin");

        Assert.That(Run("second-password-2\n", "passwd", "--name", "alice").Code, Is.Zero);
        AdminUser alice = UsersFile.Load(_file).Find("alice")!;
        Assert.That(UserCredentials.VerifyPassword(alice, "second-password-2"), Is.True);
        Assert.That(UserCredentials.VerifyPassword(alice, "first-password-1"), Is.False);

        (int code, string token, _) = Run(string.Empty, "token", "--name", "alice");
        Assert.That(code, Is.Zero);
        token = token.Trim();
        Assert.That(token, Does.StartWith("eat_"));
        Assert.That(File.ReadAllText(_file), Does.Not.Contain(token));
        Assert.That(UserCredentials.TokenMatches(token, UsersFile.Load(_file).Find("alice")!.TokenHash!), Is.True);
    }

    [Test]
    public void Removed_users_principal_is_never_given_again_and_keeps_its_name_for_the_audit_trail()
    {
        Run("first-password-1\n", "add", "--name", "alice", "--role", "admin");
        Assert.That(Run(string.Empty, "remove", "--name", "alice").Code, Is.Zero);
        Run("first-password-1\n", "add", "--name", "carol", "--role", "viewer");

        UsersFile file = UsersFile.Load(_file);
        Assert.That(file.Find("alice"), Is.Null);
        Assert.That(file.Find("carol")!.Principal, Is.EqualTo(101));
        Assert.That(file.NameOfPrincipal(100), Is.EqualTo("alice"), "the journal's principal 100 stays named for the audit trail");
    }

    [TestCase("short\n", new[] { "add", "--name", "alice", "--role", "admin" }, 1, "use at least 12")]
    [TestCase("long-enough-password\n", new[] { "add", "--name", "alice" }, 2, "give the user's --role")]
    [TestCase("long-enough-password\n", new[] { "add", "--name", "alice", "--role", "root" }, 2, "'root' is not one of viewer, operator, admin")]
    [TestCase("long-enough-password\n", new[] { "add", "--name", "al ice", "--role", "admin" }, 2, "not a valid user name")]
    [TestCase("", new[] { "add", "--name", "alice", "--role", "admin" }, 1, "no password on standard input")]
    [TestCase("long-enough-password\n", new[] { "passwd", "--name", "nobody" }, 1, "does not exist")]
    public void Bad_input_is_refused_naming_what_is_wrong(string input, string[] args, int exit, string message)
    {
        (int code, _, string error) = Run(input, args);

        Assert.That(code, Is.EqualTo(exit));
        Assert.That(error, Does.Contain(message));
    }

    [Test]
    public void Malformed_users_file_is_refused_naming_the_field()
    {
        File.WriteAllText(_file, """{"version":1,"nextPrincipal":101,"users":[{"name":"alice","role":"king","principal":100,"passwordHash":"x"}]}""");

        (int code, _, string error) = Run("long-enough-password\n", "add", "--name", "bob", "--role", "viewer");

        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("$.users[0].role: 'king' is not one of viewer, operator, admin"));
        using JsonDocument unchanged = JsonDocument.Parse(File.ReadAllText(_file));
        Assert.That(unchanged.RootElement.GetProperty("users").GetArrayLength(), Is.EqualTo(1), "nothing written");
    }

    private (int Code, string Output, string Error) Run(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { AdminUserCommand.Create(output, new StringReader(input)) };
        string[] full = ["user", .. args, "--users", _file];
        int code = CommandLineApp.Run(root, full, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
