using NUnit.Framework;

namespace Bright.Testing;

/// <summary>
/// The project's shared public data, kept beside the repository in <c>../shared/data</c> (files whose
/// licence does not let them be copied into the repository, such as UCLH's EMAP test messages, are read
/// from there). Missing data fails the run on CI and ignores the test locally, with the path it looked for.
/// </summary>
public static class SharedData
{
    /// <summary>The full path of <paramref name="relative"/> under <c>../shared/data</c>.</summary>
    public static string File(string relative)
    {
        var root = RepositoryRoot();
        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", relative));
        if (System.IO.File.Exists(path))
        {
            return path;
        }

        var message = $"Shared data file '{path}' is missing: check out the project's shared/ folder beside the repository.";
        if (SystemPackages.OnBuildServer)
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        return path;
    }

    /// <summary>The folder holding <c>Bright.sln</c>, found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Bright.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Bright.sln not found above {AppContext.BaseDirectory}.");
    }
}
