"""Builds the service's parts from settings; the web app and the CLI both start here."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from application.access_log import AccessLog
from application.account_records import AccountRecords
from application.activities import Activities
from application.activity_reads import ActivityReads
from application.credentials import CredentialRegister
from application.district_rules import RulesInForce
from application.dossier import Dossiers
from application.evidence import Evidence
from application.inbox import Inbox
from application.ledger import Ledger
from application.ledger_import import LedgerImport
from application.lists import Lists
from application.notifications import Notifier
from application.people import People
from application.ports import Clock
from application.problem_reads import ProblemReads
from application.problems import Problems
from application.roster_import import RosterImport
from application.submission_register import SubmissionRegister
from application.submissions import QuarterlyReports
from application.unit_merge import UnitMerge
from application.units import Units
from application.working_years import WorkingYears
from application.worklist import Worklist
from domain.actor import Actor, Role
from infrastructure.audit import Audit
from infrastructure.background import Background
from infrastructure.calendar import ChinaWorkingCalendar
from infrastructure.clock import OffsetClock, SystemClock
from infrastructure.credentials import CredentialStore
from infrastructure.database_url import parse_database_url
from infrastructure.event_log import log_recordings
from infrastructure.file_store import FileStore
from infrastructure.health import Health
from infrastructure.idempotency import IdempotencyStore
from infrastructure.notifications.service import Notifications, build_notifications
from infrastructure.people import PeopleStore
from infrastructure.read_models.account_queries import SqlAccountRecords
from infrastructure.read_models.activity_queries import SqlActivityReader
from infrastructure.read_models.lists_seed import ListsSeed
from infrastructure.read_models.service import ReadModels
from infrastructure.reports.period_ends import PeriodEnds
from infrastructure.reports.snapshot import LogSnapshots
from infrastructure.reports.stored_replays import StoredReplays
from infrastructure.reports.submission_files import QuarterlyFiles
from infrastructure.rules_file import parse_rules, read_rules
from infrastructure.settings import Settings
from infrastructure.sql import SqlDatabase
from infrastructure.store import open_ledger, open_sql, set_up_schema
from infrastructure.web_sessions import SessionStore


@dataclass
class Services:
    settings: Settings
    ledger: Ledger
    sql: SqlDatabase
    units: Units
    problems: Problems
    reads: ProblemReads
    access_log: AccessLog
    credentials: CredentialStore
    credential_register: CredentialRegister
    idempotency: IdempotencyStore
    read_models: ReadModels
    lists: Lists
    submissions: QuarterlyReports
    activities: Activities
    activity_reads: ActivityReads
    worklist: Worklist
    audit: Audit
    health: Health
    people: People
    sessions: SessionStore
    rules: RulesInForce
    files: FileStore
    notifications: Notifications
    register: SubmissionRegister
    period_ends: Background
    calendar: ChinaWorkingCalendar
    working_years: WorkingYears
    clock: Clock = field(default_factory=SystemClock)

    @property
    def ledger_import(self) -> LedgerImport:
        return LedgerImport(self.problems)

    @property
    def roster_import(self) -> RosterImport:
        return RosterImport(self.people)

    @property
    def account_records(self) -> AccountRecords:
        return AccountRecords(self.people, SqlAccountRecords(self.read_models.reader))

    @property
    def dossiers(self) -> Dossiers:
        return Dossiers(self.reads, self.units)

    @property
    def unit_merge(self) -> UnitMerge:
        return UnitMerge(self.problems, self.people, self.lists)

    @property
    def inbox(self) -> Inbox:
        return self.notifications.inbox

    def close(self) -> None:
        self.notifications.close()
        self.read_models.close()
        self.ledger.close()
        self.sql.close()


def build_services(settings: Settings, clock: Clock | None = None) -> Services:
    set_up_schema(settings)
    clock = clock or (OffsetClock(settings.clock_start) if settings.clock_start else SystemClock())
    calendar = ChinaWorkingCalendar.from_file(settings.calendar_file)
    ledger = open_ledger(settings)
    ledger.listeners.append(log_recordings)
    working_years = WorkingYears(ledger, clock)
    calendar.follow(working_years.official_years)
    working_years.recorded_listeners.append(calendar.reread)
    sql = open_sql(settings)
    units = Units(ledger, clock)
    files = FileStore(sql)
    evidence = Evidence(files, settings.max_file_bytes)
    activities = Activities(ledger, units, clock, evidence)
    rules = adopt_rules_file(ledger, clock, settings.rules_file)
    problems = Problems(ledger, units, calendar, clock, rules, activities, evidence)
    reads = ProblemReads(ledger, problems, clock)
    read_models = ReadModels(
        ledger,
        sql,
        parse_database_url(settings.database_url),
        settings.projection_batch_size,
        settings.rebuild_flush_events,
    )
    lists = Lists(
        read_models.reader,
        units,
        calendar,
        clock,
        settings.list_wait_seconds,
    )
    activity_reads = ActivityReads(
        SqlActivityReader(read_models.reader),
        activities,
        lists,
        units,
        calendar,
        clock,
        rules,
        settings.list_wait_seconds,
    )
    audit = Audit(ledger, sql, parse_database_url(settings.database_url), files)
    credentials = CredentialStore(sql)
    sessions = SessionStore(sql, idle=timedelta(minutes=settings.session_idle_minutes))
    people_store = PeopleStore(sql)
    seed, stored = ListsSeed(read_models.reader), StoredReplays(sql)
    snapshots = LogSnapshots(ledger, audit.link_at, seed=seed, stored=stored)
    submissions = QuarterlyReports(snapshots, units, clock)
    register = SubmissionRegister(
        ledger, units, rules, evidence, files, QuarterlyFiles(submissions, units), clock
    )
    submissions.late_submissions = register.late_at
    lists.standing_at_end = submissions.standing_at_end
    reads.number_of = lists.number_of
    notifier = Notifier(ledger, units, lists, activity_reads, rules, calendar, clock, register)
    return Services(
        settings=settings,
        ledger=ledger,
        sql=sql,
        units=units,
        problems=problems,
        reads=reads,
        access_log=AccessLog(ledger, clock),
        credentials=credentials,
        credential_register=CredentialRegister(credentials, ledger, units, clock, people_store),
        idempotency=IdempotencyStore(sql),
        read_models=read_models,
        lists=lists,
        submissions=submissions,
        activities=activities,
        activity_reads=activity_reads,
        audit=audit,
        health=Health(sql, ledger, read_models),
        people=People(people_store, sessions, ledger, units, clock, credentials),
        worklist=Worklist(lists, activities, activity_reads, units, clock),
        sessions=sessions,
        rules=rules,
        files=files,
        notifications=build_notifications(settings, sql, notifier, people_store),
        register=register,
        period_ends=Background(
            "period-ends",
            PeriodEnds(submissions, stored, clock, parse_database_url(settings.database_url)).run,
        ),
        calendar=calendar,
        working_years=working_years,
        clock=clock,
    )


def adopt_rules_file(ledger: Ledger, clock: Clock, path: Path | None) -> RulesInForce:
    """Read and check the rules file (a bad one stops the start, naming its line) and record
    it in the rules book when it differs from the version in force."""
    text, source, rules = read_rules(path)
    in_force = RulesInForce(ledger, clock, parse_rules, rules)
    in_force.adopt(text, source, Actor(f"rules-file:{getpass.getuser()}", Role.ADMIN))
    return in_force
