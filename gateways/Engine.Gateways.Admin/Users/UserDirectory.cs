namespace Engine.Gateways.Admin.Users;

/// <summary>
/// The users file as the running gateway sees it: read at start, and read again when its modification time changes,
/// so <c>engine admin user add|remove|passwd|token</c> take effect without a restart (a removed user's sessions and
/// token stop working at their next request). A file that has become unreadable keeps the last good version in force
/// and is reported once per change. Thread-safe: readers see one immutable <see cref="UsersFile"/>.
/// </summary>
public sealed class UserDirectory
{
    private readonly string _path;
    private readonly TextWriter _log;
    private readonly Lock _reload = new();
    private volatile UsersFile _current;
    private DateTime _loadedStamp;

    public UserDirectory(string path, TextWriter log)
    {
        _path = System.IO.Path.GetFullPath(path);
        _log = log;
        _loadedStamp = File.GetLastWriteTimeUtc(_path);
        _current = UsersFile.Load(_path);
    }

    public string Path => _path;

    /// <summary>The users in force, re-read first when the file changed.</summary>
    public UsersFile Current
    {
        get
        {
            DateTime stamp = File.GetLastWriteTimeUtc(_path);
            if (stamp != _loadedStamp)
            {
                Reload(stamp);
            }

            return _current;
        }
    }

    private void Reload(DateTime stamp)
    {
        lock (_reload)
        {
            if (stamp == _loadedStamp)
            {
                return;
            }

            _loadedStamp = stamp;
            try
            {
                _current = UsersFile.Load(_path);
                _log.WriteLine($"gateway admin: users file {_path} re-read: {_current.Users.Count} users");
            }
            catch (UsersFileException e)
            {
                _log.WriteLine($"gateway admin: {e.Message}; the previous users stay in force");
            }
        }
    }
}
