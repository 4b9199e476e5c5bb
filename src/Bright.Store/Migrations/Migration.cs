namespace Bright.Store.Migrations;

/// <summary>One versioned schema change, read from an embedded <c>NNNN_name.sql</c> file.</summary>
/// <param name="Version">The number that orders it; applied once, in order.</param>
/// <param name="Name">The file name without version and extension.</param>
/// <param name="Sql">The statements it runs, in one transaction.</param>
public sealed record Migration(int Version, string Name, string Sql);
