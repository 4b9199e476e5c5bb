using System.Text;
using Bright.Analytics.Forecasting;

namespace Bright.Analytics.Tests.Forecasting;

public sealed class BankHolidaysTests
{
    [Test]
    public void The_embedded_table_covers_2016_to_2027_with_its_source()
    {
        var table = BankHolidays.England;
        Assert.Multiple(() =>
        {
            Assert.That(table.First, Is.EqualTo(new DateOnly(2016, 1, 1)));
            Assert.That(table.Last, Is.EqualTo(new DateOnly(2027, 12, 28)));
            Assert.That(table.Source, Does.Contain("https://www.gov.uk/bank-holidays.json"));
            Assert.That(table.Holidays.Select(h => h.Date.Year).Distinct().Count(), Is.EqualTo(12));
        });
    }

    [TestCase("2022-09-19", true, Description = "GOV.UK: State Funeral of Queen Elizabeth II")]
    [TestCase("2023-05-08", true, Description = "GOV.UK: coronation of King Charles III")]
    [TestCase("2020-05-08", true, Description = "GOV.UK: early May bank holiday moved to VE day")]
    [TestCase("2020-05-04", false, Description = "the usual first Monday of May was not a holiday in 2020")]
    [TestCase("2021-12-27", true, Description = "GOV.UK: Christmas Day substitute")]
    [TestCase("2025-04-18", true, Description = "GOV.UK: Good Friday 2025")]
    [TestCase("2025-04-19", false, Description = "Easter Saturday is not a bank holiday")]
    public void Known_dates_are_holidays_or_not_as_gov_uk_lists_them(string date, bool holiday) =>
        Assert.That(BankHolidays.England.IsHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(holiday));

    [Test]
    public void A_table_with_a_bad_date_is_refused_naming_the_entry()
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes("""{ "events": [ { "date": "2016-01-01" }, { "date": "1 May 2016" } ] }"""));
        Assert.That(() => BankHolidays.Load(json),
            Throws.TypeOf<FormatException>().With.Message.EqualTo("bank holidays: events[1].date must be a date yyyy-MM-dd (was '1 May 2016')."));
    }
}
