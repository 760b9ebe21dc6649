using System.CommandLine;
using Engine.Gateways.Admin.Users;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine admin user add|remove|passwd|token --users FILE --name NAME [--role ROLE]</c>: manage the admin gateway's
/// users file. Passwords are read from standard input (the first line), never from the command line (it would sit in
/// the shell history and the process list). <c>token</c> makes the user a new API token for scripts and the CLI,
/// prints it once and keeps only its hash (the previous token stops working). A running gateway picks up the change at
/// its next request. Exit 0 done, 1 refused (the reason is printed), 2 bad arguments.
/// </summary>
public static class AdminUserCommand
{
    public static Command Create(TextWriter output, TextReader input)
    {
        var command = new Command("user", "Manage the admin gateway's users file (roles: " + AdminRoles.Names + ").");
        command.Subcommands.Add(Subcommand(output, "add", "Add a user; the password is read from standard input.", withRole: true, (file, name, role) =>
        {
            string hash = UserCredentials.HashPassword(ReadPassword(input));
            UsersFile changed = file.Add(name, role!.Value, hash);
            return (changed, $"user {name} added as {AdminRoles.NameOf(role.Value)} (principal {changed.Find(name)!.Principal})");
        }));
        command.Subcommands.Add(Subcommand(output, "remove", "Remove a user (its principal id is never given again).", withRole: false, (file, name, _) =>
            (file.Remove(Existing(file, name).Name), $"user {name} removed")));
        command.Subcommands.Add(Subcommand(output, "passwd", "Set a user's password (read from standard input); ends the user's sessions. With --role, also its role.", withRole: true, (file, name, role) =>
        {
            AdminUser user = Existing(file, name);
            string hash = UserCredentials.HashPassword(ReadPassword(input));
            AdminUser changed = user with { PasswordHash = hash, Role = role ?? user.Role };
            return (file.Replace(changed), $"user {name}: password changed (role {AdminRoles.NameOf(changed.Role)})");
        }));
        command.Subcommands.Add(Subcommand(output, "token", "Make the user a new API token (printed once; the previous one stops working).", withRole: false, (file, name, _) =>
        {
            AdminUser user = Existing(file, name);
            (string token, string hash) = UserCredentials.NewToken();
            return (file.Replace(user with { TokenHash = hash }), token);
        }));
        return command;
    }

    private static Command Subcommand(TextWriter output, string verb, string description, bool withRole, Func<UsersFile, string, AdminRole?, (UsersFile Changed, string Message)> change)
    {
        var users = new Option<FileInfo>("--users") { Description = "The users file (created by the first add).", Required = true };
        var name = new Option<string>("--name") { Description = "The user name: letters, digits, '.', '_', '-'.", Required = true };
        var role = new Option<string?>("--role") { Description = "viewer | operator | admin" + (verb == "add" ? " (required)" : string.Empty) };
        var command = new Command(verb, description) { users, name };
        if (withRole)
        {
            command.Options.Add(role);
        }

        command.SetAction(parsed =>
        {
            FileInfo file = parsed.GetValue(users)!;
            string userName = parsed.GetValue(name)!;
            if (!UsersFile.IsValidName(userName))
            {
                throw new UsageException($"--name '{userName}' is not a valid user name (1 to 64 letters, digits, '.', '_', '-')");
            }

            AdminRole? parsedRole = null;
            string? roleName = withRole ? parsed.GetValue(role) : null;
            if (roleName is not null)
            {
                parsedRole = AdminRoles.TryParse(roleName, out AdminRole r) ? r : throw new UsageException($"--role '{roleName}' is not one of {AdminRoles.Names}");
            }
            else if (verb == "add")
            {
                throw new UsageException("user add: give the user's --role (" + AdminRoles.Names + ")");
            }

            try
            {
                UsersFile current = file.Exists ? UsersFile.Load(file.FullName)
                    : verb == "add" ? UsersFile.Empty
                    : throw new CommandFailedException($"users file {file.FullName} does not exist (engine admin user add creates it)");
                (UsersFile changed, string message) = change(current, userName, parsedRole);
                changed.Save(file.FullName);
                output.WriteLine(message);
                return CommandLineApp.Success;
            }
            catch (UsersFileException e)
            {
                throw new CommandFailedException(e.Message, e);
            }
        });
        return command;
    }

    private static AdminUser Existing(UsersFile file, string name) =>
        file.Find(name) ?? throw new UsersFileException($"no user '{name}' in the users file");

    private static string ReadPassword(TextReader input) =>
        input.ReadLine() ?? throw new UsersFileException("no password on standard input (give it as the first line)");
}
