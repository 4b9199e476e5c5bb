using MailKit.Security;
using MimeKit;

namespace Bright.Server.Jobs;

/// <summary>
/// Settings of the <c>Bright:Smtp</c> section: where e-mail-ready exports are sent. With no <see cref="Host"/>
/// messages stay in the outbox (<c>Bright:Query:Outbox</c>) for another system to pick up.
/// </summary>
internal sealed class SmtpOptions
{
    public const string Section = "Bright:Smtp";

    /// <summary>The SMTP server; empty means do not send.</summary>
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 25;

    /// <summary>MailKit's <see cref="SecureSocketOptions"/>: <c>Auto</c> uses STARTTLS when the server offers it.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>The sender of every export message.</summary>
    public string From { get; set; } = "BRIGHT <bright@localhost>";

    /// <summary>Signs in with this user name and <see cref="Password"/> when set.</summary>
    public string UserName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<string> Validate()
    {
        if (Port is < 1 or > 65535)
        {
            yield return $"{Section}:Port must be between 1 and 65535 (was {Port}).";
        }

        if (!MailboxAddress.TryParse(From ?? "", out var from) || string.IsNullOrEmpty(from.Domain))
        {
            yield return $"{Section}:From must be an e-mail address such as 'BRIGHT <bright@trust.nhs.uk>' (was '{From}').";
        }

        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return $"{Section}:UserName and {Section}:Password must be set together.";
        }
    }
}
