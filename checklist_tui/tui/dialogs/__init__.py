"""Modal dialogs: they dismiss with a value and never write anything themselves."""

from checklist_tui.tui.dialogs.confirm import ConfirmDialog
from checklist_tui.tui.dialogs.form import Field, FormDialog
from checklist_tui.tui.dialogs.new_round import NewRoundForm
from checklist_tui.tui.dialogs.rect_forms import ManualItemForm, RectForm, TransitionForm

__all__ = ["ConfirmDialog", "Field", "FormDialog", "ManualItemForm", "NewRoundForm", "RectForm",
           "TransitionForm"]
