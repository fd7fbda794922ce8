"""A refusal of the application, told in Chinese beside the field it concerns (or above the
form when it concerns no one field). The rules stay in the domain: this only words them."""

from __future__ import annotations

from dataclasses import dataclass

from application.errors import ConcurrentUpdateError, StaleVersionError
from domain.errors import (
    CalendarUnknownError,
    DomainError,
    DuplicateUnitError,
    InvalidTransitionError,
    InvalidValueError,
    NotVisibleError,
    PermissionDeniedError,
    UnknownDemandError,
)

GENERAL = ""  # the key of a refusal that concerns the whole form


@dataclass(frozen=True)
class Refusal:
    status: int
    field: str
    message: str


class FieldError(Exception):
    """Raised by the workbench itself when a form field cannot be read (a bad date, a number)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# What the domain's English reasons mean, by the words they contain; first match wins.
VALUE_REASONS = (
    ("is not a day of", "日期须在所录年份之内。"),
    ("only a weekend day is made up", "调休上班日须为周六或周日（工作日本来就上班）。"),
    ("is also a day off", "同一天不能既放假又调休上班。"),
    ("at least one weekday off", "请填写放假日期（至少有一天是工作日）。"),
    ("more days than a notice names", "日期过多：一年的放假或调休上班日最多60天。"),
    ("login name is taken", "该登录名已被使用。"),
    (
        "starting with a letter",
        "须为2至40位小写字母或数字（登录名还可用 . _ -，单位代码可用 _），以字母开头。",
    ),
    ("at least 10 characters", "密码至少10个字符。"),
    ("other than the old one", "新密码不能与原密码相同。"),
    ("a unit lead needs a unit", "单位负责人须选择所在单位；其他角色不选单位。"),
    ("own role is changed by another", "不能调整自己的角色或单位，请由另一位系统管理员办理。"),
    ("own account is disabled by another", "不能停用自己的账户，请由另一位系统管理员办理。"),
    ("no such person", "没有这个人员。"),
    ("must not be empty", "必填，不能为空。"),
    (
        "is not an Excel workbook",
        "无法读取该文件：请用本页的模板填写，保存为Excel工作簿（.xlsx）后上传。",
    ),
    (
        "unpacks to more than",
        "文件解压后过大，无法读取：请只保留要导入的这一张工作表，重新保存后上传。",
    ),
    ("rows under its header", "表头下没有任何一行内容。"),
    ("has more than 2000 rows", "一次最多导入2000行，请分成几个文件。"),
    ("has more than 200 rows", "一次最多导入200人，请分成几个文件。"),
    (
        "is not a role this service knows",
        "角色应为：营商办、单位负责人、纪委监委、系统管理员之一。",
    ),
    (
        "is not a source this service knows",
        "来源应为：坐诊问效、局长走流程、效能督查、好差评/群众评议之一。",
    ),
    ("is not a day (such as", "不是日期，请按 2026-03-05 的格式填写。"),
    ("is used by another row of the file", "与文件中的另一行重复。"),
    ("is longer than 40 characters", "原编号过长（最多40个字）。"),
    ("whatever its name says", "只能上传照片（JPG、PNG、GIF、WebP）或PDF文件，请检查文件类型。"),
    ("is larger than", "文件过大，请压缩后再上传。"),
    ("is empty", "文件是空的，请重新选择。"),
    ("is longer than", "内容过长（最多10000字）。"),
    ("noncharacter", "含有无法识别的字符，请删除后重新填写。"),
    ("character", "含有不可见的控制字符，请删除后重新填写。"),
    ("surrogate", "含有无法识别的字符，请删除后重新填写。"),
    ("outside the years", "日期超出本系统支持的年份（2000—2099年）。"),
    ("is after today", "不能晚于今天。"),
    ("the day it was found", "不能早于问题发现日期。"),
    ("the activity it names", "不能早于所选活动的日期。"),
    ("working days back", "已超过补录期限，须由营商办补录并说明理由。"),
    ("working days asked for", "同意的工作日数须在1至申请的天数之间。"),
    ("not a co-unit", "该单位不是本问题的协办单位。"),
    ("the responsible unit leads", "责任单位为主办单位，不能同时为协办单位。"),
    ("is not after signed_in", "签退时间须晚于签到时间。"),
    ("signed in is shorter than", "签到签退时长不足所选的时长（半天或全天），请核对。"),
    ("counts are never negative", "人次不能为负数。"),
    ("time and trips are never negative", "用时和跑动次数不能为负数。"),
    ("say what the walk-through experienced", "请填写走流程体验的内容。"),
    ("say whether the head or a deputy goes", "请选择由主要负责人还是分管负责人走流程。"),
    ("name at least one inspector", "请填写至少一名督查人员，不能留空。"),
    ("give the six checks", "请逐项填写“六查”的结果。"),
    ("a self-check says its slot", "请选择自查时段（班前、班中或班后）。"),
    ("name each co-unit once", "每个协办单位只能选一次，且数量不能超过上限。"),
    ("attach the scan of the sealed copy", "请上传盖章后的扫描件。"),
    ("not an e-mail address", "不是有效的电子邮箱地址（如 name@example.gov.cn）。"),
    ("give an address to receive e-mail", "要接收邮件，请填写电子邮箱地址。"),
    ("the digest is for unit leads and the office", "每日汇总邮件只适用于单位负责人和营商办。"),
    ("the latest the", "整改时限超出了允许的最晚日期。"),
    ("give due_on or working_days, not both", "工作日数和截止日期只能填写一项。"),
    ("only problems from public reviews are followed up", "只有群众评议发现的问题需要回访。"),
    ("a month is listed twice", "同一月份不能重复选择。"),
    ("give months 1 to 12", "请至少选择一个月份（1至12月）。"),
    ("is not a quarter", "季度格式应为 2026Q3。"),
    ("is not over until", "该季度尚未结束，结束后才能生成报送材料。"),
    ("has not begun", "所选期间尚未开始。"),
    ("a person signs in with this name", "该名称已被人员登录名使用，请另选一个。"),
    ("was merged into", "该单位已撤并，不再接收新的工作，请选择承接它的单位。"),
    ("the office is not merged", "政务服务办（营商办）不能被撤并。"),
    ("is not merged into itself", "不能并入自己，请另选承接单位。"),
    ("merged into another unit, not the office", "只能并入另一个单位，不能并入政务服务办。"),
    ("reason", "须说明理由。"),
    ("unknown unit", "单位不存在。"),
    ("is not a category of", "该问题类别不适用于所选来源。"),
    ("give either due_on or working_days", "请填写整改时限：工作日数或截止日期，二选一。"),
    ("must be between", "工作日数须在1至250之间。"),
    ("only key and other units", "所选单位不参加坐诊问效。"),
    ("no such activity", "所选活动不存在。"),
    ("not been recorded yet", "所选活动尚未填报记录，不能从中登记问题。"),
    ("withdrawn", "所选活动已作废。"),
)

# Why a thing's state refuses a step, by the words the domain says it in; first match wins.
TRANSITION_REASONS = (
    ("co-units have not", "协办单位尚未全部填报协办工作（或经营商办免于协办），还不能报告整改。"),
    ("nothing to", "未作任何修改：所填内容与现有记录相同。"),
    ("not disabled", "该账户未停用，无需启用。"),
    ("no deadline to extend", "该问题尚未设定整改时限，无从延期。"),
    ("already waiting for the office", "已有一份延期申请在等待营商办审批。"),
    ("was already decided", "该延期申请已经审批过了。"),
    ("was already answered", "该需求已经答复过了。"),
    ("already the co-units", "协办单位与现有的相同，未作修改。"),
    ("part is already recorded or waived", "该协办单位已填报（或已免于协办）。"),
    ("is already responsible for this problem", "该问题已由所选单位负责，无需移交。"),
    ("record it once it happened", "活动尚未举行，举行后再填报记录。"),
    ("record sheet is already in", "该次坐诊的记录表已经提交过了。"),
    ("only a sit-in has a record sheet", "只有坐诊问效活动有记录表。"),
    ("before its record sheet", "请先填报坐诊记录，再提交记录表。"),
    ("activity cannot", "该活动当前的状态不允许此操作（可能已取消或作废），请刷新后查看。"),
    ("activity has no record", "该活动还没有可更正的记录。"),
    ("office has accepted this submission", "营商办已接收该报送，不能再修改。"),
    ("not waiting", "该报送当前不在待接收状态，请刷新后查看。"),
    ("handed in meanwhile", "该报送刚被他人提交，请刷新后重试。"),
    ("has not ended yet", "该季度尚未结束，不能报送。"),
    ("reported once it has begun", "本周开始后才能填报周报。"),
    ("followed up (回访)", "群众评议发现的问题，须回访投诉人后才能销号。"),
    ("closed (销号) only once rectified", "问题须先报告整改完成，才能销号。"),
    ("problem just logged by its own unit", "只有本单位刚登记的问题才能直接签收办理。"),
    ("already flagged", "该问题已经挂牌督办。"),
    ("not flagged", "该问题未挂牌督办，无需取消。"),
    ("before it could be reinstated", "该问题撤销时的状态已无记录，无法恢复办理，请重新登记。"),
)


def refusal_of(error: Exception) -> Refusal:
    """The status and Chinese message a refusal is shown with (as the API's one error table)."""
    if isinstance(error, FieldError):
        return Refusal(422, error.field, error.message)
    if isinstance(error, InvalidValueError):
        reason = next((zh for words, zh in VALUE_REASONS if words in error.message), None)
        return Refusal(422, error.field, reason or "填写内容不符合要求，请检查。")
    if isinstance(error, StaleVersionError):
        return Refusal(
            412,
            GENERAL,
            f"您打开此页面后，该问题已被他人修改（现为第{error.actual}条记录）。"
            "您填写的内容未保存：请查看本页的最新情况，确认后再提交。",
        )
    if isinstance(error, ConcurrentUpdateError):
        return Refusal(409, GENERAL, "有他人正在同时处理该问题，未保存，请稍后重试。")
    if isinstance(error, InvalidTransitionError):
        said = str(error)
        reason = next((zh for words, zh in TRANSITION_REASONS if words in said), None)
        return Refusal(
            409, GENERAL, reason or "当前状态不允许此操作，可能已被他人处理，请刷新后查看。"
        )
    if isinstance(error, CalendarUnknownError):
        return Refusal(
            422,
            GENERAL,
            f"{error.year}年的法定节假日安排尚未录入，无法按工作日计算。请政务服务办在“节假日”"
            "页面录入国务院办公厅的放假通知；填写期限时，也可直接填写截止日期。",
        )
    if isinstance(error, DuplicateUnitError):
        if "named" in str(error):
            return Refusal(409, "name", "已有单位使用这个名称。")
        if "office" in str(error):
            return Refusal(409, "kind", "已登记政务服务办，不能再登记第二个。")
        return Refusal(409, "code", "该单位代码已登记。")
    if isinstance(error, UnknownDemandError | NotVisibleError):
        return Refusal(404, GENERAL, "所操作的内容不存在。")
    if isinstance(error, PermissionDeniedError):
        return Refusal(403, GENERAL, "您无权进行此操作。")
    if isinstance(error, DomainError):
        return Refusal(409, GENERAL, "操作未能完成，请刷新页面后重试。")
    raise error
