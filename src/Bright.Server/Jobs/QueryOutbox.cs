using System.Globalization;
using Bright.Core.Time;
using Bright.Store;
using Bright.Store.Query;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Bright.Server.Jobs;

/// <summary>
/// The folder of e-mail-ready exports (<c>Bright:Query:Outbox</c>): each an RFC 5322 <c>.eml</c> message written
/// whole. When <c>Bright:Smtp:Host</c> is set each is sent and moved to <c>sent/</c>; one that fails stays with a
/// <c>.reason.txt</c> beside it (one line per attempt) and is tried again by <see cref="QueryOutboxJob"/>.
/// </summary>
internal sealed partial class QueryOutbox(QueryOptions options, StoreOptions store, IOptions<SmtpOptions> smtp, TimeProvider clock,
    ILogger<QueryOutbox> logger)
{
    public const string ReasonSuffix = ".reason.txt";

    public SmtpOptions Smtp { get; } = smtp.Value;

    /// <summary><c>Bright:Query:Outbox</c>, else <c>outbox</c> beside the store.</summary>
    public string Folder => string.IsNullOrWhiteSpace(options.Outbox)
        ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Path))!, "outbox")
        : Path.GetFullPath(options.Outbox);

    public string SentFolder => Path.Combine(Folder, "sent");

    /// <summary>Writes <paramref name="message"/> as <c>{name}.eml</c> in the outbox, whole or not at all.</summary>
    public async Task<string> WriteAsync(MimeMessage message, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".eml");
        var partial = path + ".partial";
        await message.WriteToAsync(partial, cancellationToken);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// Sends the message at <paramref name="path"/> and moves it to <c>sent/</c>; the path it ends at. On failure it
    /// stays in the outbox with the reason appended to its reason file, and the failure says why.
    /// </summary>
    public async Task<(string Path, string? Failure)> SendAsync(string path, CancellationToken cancellationToken)
    {
        if (!Smtp.Enabled)
        {
            return (path, $"{SmtpOptions.Section}:Host is not set; the message waits in the outbox.");
        }

        try
        {
            var message = await MimeMessage.LoadAsync(path, cancellationToken);
            using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(30).TotalMilliseconds };
            await client.ConnectAsync(Smtp.Host, Smtp.Port, Smtp.Security, cancellationToken);
            if (!string.IsNullOrEmpty(Smtp.UserName))
            {
                await client.AuthenticateAsync(Smtp.UserName, Smtp.Password, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException
            or MailKit.CommandException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException or TimeoutException
            or ParseException)
        {
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"{UkTime.ToLocal(clock.GetUtcNow()):yyyy-MM-dd HH:mm:ss} UK time: sending through {Smtp.Host}:{Smtp.Port} failed: {ex.Message.ReplaceLineEndings(" ")}");
            await File.AppendAllTextAsync(path + ReasonSuffix, reason + "\n", cancellationToken);
            LogSendFailed(ex, Path.GetFileName(path), Smtp.Host);
            return (path, reason);
        }

        Directory.CreateDirectory(SentFolder);
        var sent = Path.Combine(SentFolder, Path.GetFileName(path));
        File.Move(path, sent, overwrite: true);
        if (File.Exists(path + ReasonSuffix))
        {
            File.Move(path + ReasonSuffix, sent + ReasonSuffix, overwrite: true);
        }

        LogSent(Path.GetFileName(path), Smtp.Host);
        return (sent, null);
    }

    /// <summary>Sends every message waiting in the outbox, oldest first; the reasons of those that failed.</summary>
    public async Task<IReadOnlyList<string>> SendPendingAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var failures = new List<string>();
        foreach (var path in Directory.GetFiles(Folder, "*.eml").OrderBy(File.GetLastWriteTimeUtc))
        {
            if ((await SendAsync(path, cancellationToken)).Failure is { } failure)
            {
                failures.Add($"{Path.GetFileName(path)}: {failure}");
            }
        }

        return failures;
    }

    [LoggerMessage(9111, LogLevel.Information, "Export message {File} sent through {Host}")]
    private partial void LogSent(string file, string host);

    [LoggerMessage(9112, LogLevel.Warning, "Export message {File} could not be sent through {Host}; it stays in the outbox and is tried again")]
    private partial void LogSendFailed(Exception exception, string file, string host);
}
