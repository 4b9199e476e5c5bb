using System.Globalization;
using System.Text;
using Bright.Core.Time;
using Bright.Store.Query;
using MimeKit;

namespace Bright.Server.Jobs;

/// <summary>
/// The e-mail-ready form of a scheduled export: an RFC 5322 message to the schedule's recipients naming the saved
/// query, its parameters, the row count and how fresh the data was, with the answer attached.
/// </summary>
internal static class QueryExportMail
{
    /// <summary>The facts of one export run that the message reports.</summary>
    public sealed record Facts(SavedQuery Query, QuerySchedule Schedule, DateTimeOffset RanAt, long Rows, bool Truncated, DateTimeOffset SnapshotAt,
        int MaxRows);

    public static MimeMessage Compose(Facts facts, string from, string attachmentPath, string attachmentName)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var query = facts.Query;
        var message = new MimeMessage { Date = facts.RanAt, Subject = Subject(facts) };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.AddRange((facts.Schedule.Recipients ?? []).Select(MailboxAddress.Parse));
        var body = new TextPart("plain") { Text = Body(facts, attachmentName) };
        var attachment = new MimePart(QueryMediaTypes.Of(facts.Schedule.Format))
        {
            Content = new MimeContent(File.OpenRead(attachmentPath)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = attachmentName,
        };
        message.Body = new Multipart("mixed") { body, attachment };
        message.Headers.Add("X-Bright-Saved-Query", query.Id.ToString(CultureInfo.InvariantCulture));
        return message;
    }

    public static string Subject(Facts facts) => string.Create(CultureInfo.InvariantCulture,
        $"BRIGHT export: {facts.Query.Name} ({facts.Rows:N0} row{(facts.Rows == 1 ? "" : "s")}{(facts.Truncated ? ", cut" : "")}, {UkTime.ToLocal(facts.RanAt):d MMM yyyy HH:mm})");

    private static string Body(Facts facts, string attachmentName)
    {
        var query = facts.Query;
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(query.Name);
        if (!string.IsNullOrWhiteSpace(query.Description))
        {
            text.AppendLine(query.Description);
        }

        text.AppendLine();
        text.Append(c, $"Rows: {facts.Rows:N0}");
        text.AppendLine(facts.Truncated
            ? string.Create(c, $" (the answer had more and was cut at the {facts.MaxRows:N0}-row limit, Bright:Query:MaxRows: the attachment is not the whole answer)")
            : "");
        text.AppendLine("Parameters: " + (query.Parameters.Count == 0
            ? "none"
            : string.Join(", ", query.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"${p.Key} = {Value(p.Value)}"))));
        var age = facts.RanAt - facts.SnapshotAt;
        text.AppendLine(c, $"Data as of: {UkTime.ToLocal(facts.SnapshotAt):d MMM yyyy HH:mm:ss} UK time ({Age(age)} before the query ran)");
        text.AppendLine(c, $"Ran: {UkTime.ToLocal(facts.RanAt):d MMM yyyy HH:mm:ss} UK time, on the schedule '{facts.Schedule.Cron}' of {facts.Schedule.Owner}");
        text.AppendLine(c, $"Attached: {attachmentName} ({QueryMediaTypes.Of(facts.Schedule.Format)})");
        text.AppendLine();
        text.AppendLine(c, $"Saved query {query.Id} in BRIGHT, on de-identified data:");
        foreach (var line in query.Sql.ReplaceLineEndings("\n").Split('\n'))
        {
            text.AppendLine("    " + line);
        }

        return text.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "null",
        string s => "'" + s + "'",
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
    };

    private static string Age(TimeSpan age) => age < TimeSpan.FromMinutes(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, age.TotalSeconds):F0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{age.TotalMinutes:F0} min");
}
